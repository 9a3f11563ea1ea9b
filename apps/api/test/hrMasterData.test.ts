import type { ErpClient } from "@erp/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectCrudLifecycle } from "./support/crudLifecycle.ts";
import { expectCode } from "./support/expectCode.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

/**
 * The HR master data over the typed client on an enterprise tenant: positions, job openings,
 * applicants along their pipeline (refused moves answer BAD_REQUEST with one sentence; a hire
 * names its employee), interviews completed with a verdict, review cycles, performance reviews,
 * goals, trainings and enrolments, benefits and employee benefits, and an employee's documents
 * (metadata), addresses and emergency contacts. Bad input names its field, another tenant finds
 * none of it, a professional tenant is refused the module.
 */
let api: TestApi;
let tenant: TestTenant;
let other: TestTenant;
let professional: TestTenant;
let hr: ErpClient["hr"];
let theirs: ErpClient["hr"];
let departmentId: string;
let annId: string;
let bobId: string;

beforeAll(async () => {
  api = await startTestApi();
  [tenant, other, professional] = await Promise.all([
    api.provision("hrmd", "enterprise"),
    api.provision("hrmdb", "enterprise"),
    api.provision("hrmdp", "professional"),
  ]);
  hr = tenant.client.hr;
  theirs = other.client.hr;
  departmentId = (await hr.departments.create.mutate({ code: "HQ", name: "Head office" })).id;
  const employee = (first: string) =>
    hr.employees.create.mutate({
      first_name: first,
      last_name: "Tester",
      email: `${first}@hrmd.test`,
      hire_date: "2024-01-08",
      department_id: departmentId,
    });
  annId = (await employee("ann")).id;
  bobId = (await employee("bob")).id;
});
afterAll(async () => api?.close());

describe("hr recruiting: positions, openings, the applicant pipeline, interviews", () => {
  test("positions and job openings", async () => {
    await expectCrudLifecycle({
      mine: hr.positions,
      theirs: theirs.positions,
      create: { code: "ENG", title: "Engineer", department_id: departmentId, min_salary: "3000", max_salary: "5000" },
      patch: { headcount: 3 },
      list: { department_id: departmentId, search: "engin" },
      bad: { input: { code: "X", title: "X", headcount: -1 }, field: "headcount" },
      end: { archive: "retired" },
    });
    expect(
      await expectCode(hr.positions.create.mutate({ code: "BAD", title: "Bad", min_salary: "5000", max_salary: "3000" }), "BAD_REQUEST"),
    ).toMatch(/salary/);
    await expectCrudLifecycle({
      mine: hr.jobOpenings,
      theirs: theirs.jobOpenings,
      create: { opening_number: "JO-1", title: "Engineer", department_id: departmentId, hiring_manager_id: annId },
      patch: { status: "open", location: "Berlin" },
      list: { department_id: departmentId, search: "jo-1" },
      bad: { input: { opening_number: "JO-2", title: "x", department_id: departmentId, openings_count: 0 }, field: "openings_count" },
      end: { archive: "cancelled" },
    });
  });

  test("applicants move along the pipeline; a refused move says why; hiring names the employee", async () => {
    const opening = await hr.jobOpenings.create.mutate({ opening_number: "JO-10", title: "Designer", department_id: departmentId });
    const applicant = await expectCrudLifecycle({
      mine: hr.jobApplicants,
      theirs: theirs.jobApplicants,
      create: { job_opening_id: opening.id, first_name: "Cora", last_name: "Lane", email: "cora@example.test" },
      patch: { phone: "+49 30 1234" },
      list: { job_opening_id: opening.id, status: "applied", search: "cora" },
      bad: { input: { job_opening_id: opening.id, first_name: "", last_name: "L", email: "c@example.test" }, field: "first_name" },
      end: "keep",
    });
    await expectCode(
      hr.jobApplicants.create.mutate({ job_opening_id: opening.id, first_name: "C", last_name: "L", email: "cora@example.test" }),
      "CONFLICT",
    );
    expect(await expectCode(hr.jobApplicants.offer.mutate({ id: applicant.id }), "BAD_REQUEST")).toBe(
      "The job applicant Cora Lane is applied: only a screening or interviewing job applicant can be moved to offered.",
    );
    await expectCode(theirs.jobApplicants.screen.mutate({ id: applicant.id }), "NOT_FOUND");
    expect((await hr.jobApplicants.screen.mutate({ id: applicant.id })).status).toBe("screening");
    expect((await hr.jobApplicants.interview.mutate({ id: applicant.id })).status).toBe("interviewing");

    const interview = await expectCrudLifecycle({
      mine: hr.interviews,
      theirs: theirs.interviews,
      create: { job_applicant_id: applicant.id, interviewer_id: annId, scheduled_at: "2026-03-02T10:00:00Z" },
      patch: { mode: "video", duration_minutes: 45 },
      list: { job_applicant_id: applicant.id, status: "scheduled" },
      bad: { input: { job_applicant_id: applicant.id, interviewer_id: annId, scheduled_at: "tomorrow" }, field: "scheduled_at" },
      end: "keep",
    });
    expect(await expectCode(hr.interviews.complete.mutate({ id: interview.id, rating: 6, recommendation: "hire" }), "BAD_REQUEST")).toMatch(
      /rating/,
    );
    await expectCode(theirs.interviews.complete.mutate({ id: interview.id, rating: 4, recommendation: "hire" }), "NOT_FOUND");
    const done = await hr.interviews.complete.mutate({
      id: interview.id,
      rating: 4,
      recommendation: "hire",
      feedback: "Strong portfolio.",
    });
    expect(done).toMatchObject({ status: "completed", rating: 4, recommendation: "hire", feedback: "Strong portfolio." });
    expect(await expectCode(hr.interviews.cancel.mutate({ id: interview.id }), "BAD_REQUEST")).toMatch(/is completed/);
    const second = await hr.interviews.create.mutate({
      job_applicant_id: applicant.id,
      interviewer_id: bobId,
      round: 2,
      scheduled_at: "2026-03-03T10:00:00Z",
    });
    expect((await hr.interviews.noShow.mutate({ id: second.id })).status).toBe("no_show");

    expect((await hr.jobApplicants.offer.mutate({ id: applicant.id })).status).toBe("offered");
    const hired = await hr.jobApplicants.hire.mutate({ id: applicant.id, hired_employee_id: bobId });
    expect(hired).toMatchObject({ status: "hired", hired_employee_id: bobId });
    expect(await expectCode(hr.jobApplicants.withdraw.mutate({ id: applicant.id }), "BAD_REQUEST")).toMatch(/is hired/);
    // One applicant per employee record.
    const again = await hr.jobApplicants.create.mutate({
      job_opening_id: opening.id,
      first_name: "Dan",
      last_name: "Lee",
      email: "dan@example.test",
    });
    await hr.jobApplicants.offer.mutate({ id: (await hr.jobApplicants.screen.mutate({ id: again.id })).id });
    await expectCode(hr.jobApplicants.hire.mutate({ id: again.id, hired_employee_id: bobId }), "CONFLICT");
    expect((await hr.jobApplicants.reject.mutate({ id: again.id })).status).toBe("rejected");
  });
});

describe("hr development and benefits: reviews, goals, trainings, benefits", () => {
  test("review cycles, performance reviews and goals", async () => {
    const cycle = await expectCrudLifecycle({
      mine: hr.reviewCycles,
      theirs: theirs.reviewCycles,
      create: { code: "2026H1", name: "First half 2026", period_start: "2026-01-01", period_end: "2026-06-30" },
      patch: { status: "open" },
      list: { status: "planned", search: "2026h1" },
      bad: { input: { code: "X", name: "X", period_start: "2026-01-01", period_end: "June" }, field: "period_end" },
      end: "keep",
    });
    const review = await expectCrudLifecycle({
      mine: hr.performanceReviews,
      theirs: theirs.performanceReviews,
      create: { employee_id: annId, reviewer_id: bobId, review_cycle_id: cycle.id, period_start: "2026-01-01", period_end: "2026-06-30" },
      patch: { strengths: "Reliable." },
      list: { employee_id: annId, review_cycle_id: cycle.id },
      bad: {
        input: { employee_id: annId, period_start: "2026-01-01", period_end: "2026-06-30", overall_rating: 9 },
        field: "overall_rating",
      },
      end: "keep",
    });
    // A completed review needs its rating; nobody reviews themselves: CHECKs of the table.
    await expectCode(hr.performanceReviews.update.mutate({ id: review.id, patch: { status: "completed" } }), "BAD_REQUEST");
    await expectCode(
      hr.performanceReviews.create.mutate({ employee_id: bobId, reviewer_id: bobId, period_start: "2026-01-01", period_end: "2026-06-30" }),
      "BAD_REQUEST",
    );
    expect((await hr.performanceReviews.update.mutate({ id: review.id, patch: { status: "completed", overall_rating: 4 } })).status).toBe(
      "completed",
    );
    expect((await hr.reviewCycles.archive.mutate({ id: cycle.id })).status).toBe("closed");

    await expectCrudLifecycle({
      mine: hr.goals,
      theirs: theirs.goals,
      create: { employee_id: annId, performance_review_id: review.id, title: "Ship the catalog", weight: "40" },
      patch: { progress: "50.0000", status: "in_progress" },
      list: { employee_id: annId, search: "catalog" },
      bad: { input: { employee_id: annId, title: "x", progress: "150" }, field: "progress" },
      end: { archive: "cancelled" },
    });
  });

  test("trainings and enrolments, benefits and employee benefits", async () => {
    const training = await expectCrudLifecycle({
      mine: hr.trainings,
      theirs: theirs.trainings,
      create: { code: "SAFETY", title: "Safety basics", delivery_mode: "online", capacity: 20 },
      patch: { status: "open" },
      list: { delivery_mode: "online", search: "safety" },
      bad: { input: { code: "X", title: "X", delivery_mode: "telepathy" }, field: "delivery_mode" },
      end: "keep",
    });
    await expectCrudLifecycle({
      mine: hr.trainingEnrollments,
      theirs: theirs.trainingEnrollments,
      create: { training_id: training.id, employee_id: annId },
      patch: { status: "completed", score: "92.5000" },
      list: { training_id: training.id, employee_id: annId },
      bad: { input: { training_id: training.id, employee_id: bobId, score: "101" }, field: "score" },
      end: { archive: "cancelled" },
    });
    await expectCode(hr.trainingEnrollments.create.mutate({ training_id: training.id, employee_id: annId }), "CONFLICT");
    expect((await hr.trainings.archive.mutate({ id: training.id })).status).toBe("cancelled");

    const benefit = await expectCrudLifecycle({
      mine: hr.benefits,
      theirs: theirs.benefits,
      create: { code: "HEALTH", name: "Health plan", kind: "health", employer_contribution: "200" },
      patch: { description: "Covers the family." },
      list: { kind: "health", search: "health" },
      bad: { input: { code: "X", name: "X", employee_contribution: "-5" }, field: "employee_contribution" },
      end: "keep",
    });
    await expectCrudLifecycle({
      mine: hr.employeeBenefits,
      theirs: theirs.employeeBenefits,
      create: { employee_id: annId, benefit_id: benefit.id, coverage_level: "family", enrolled_on: "2026-01-01" },
      patch: { ends_on: "2026-12-31" },
      list: { employee_id: annId, benefit_id: benefit.id },
      bad: {
        input: { employee_id: annId, benefit_id: benefit.id, enrolled_on: "2026-01-01", coverage_level: "friends" },
        field: "coverage_level",
      },
      end: { archive: "cancelled" },
    });
    expect((await hr.benefits.archive.mutate({ id: benefit.id })).status).toBe("retired");
  });
});

describe("hr personal records: documents (metadata), addresses, emergency contacts", () => {
  test("each belongs to its employee, is hidden from other tenants and can be removed", async () => {
    await expectCrudLifecycle({
      mine: hr.employeeDocuments,
      theirs: theirs.employeeDocuments,
      create: {
        employee_id: annId,
        kind: "passport",
        title: "Passport",
        document_number: "X123",
        issued_on: "2020-01-01",
        expires_on: "2030-01-01",
      },
      patch: { verified_by_employee_id: bobId, document_number: "X124" },
      list: { employee_id: annId, kind: "passport", search: "pass" },
      bad: { input: { employee_id: annId, title: "Visa", kind: "library_card" }, field: "kind" },
      end: "remove",
    });
    await expectCode(
      hr.employeeDocuments.create.mutate({ employee_id: annId, title: "Visa", issued_on: "2026-01-01", expires_on: "2025-01-01" }),
      "BAD_REQUEST",
    );
    await expectCrudLifecycle({
      mine: hr.employeeAddresses,
      theirs: theirs.employeeAddresses,
      create: { employee_id: annId, line1: "Hauptstr. 1", city: "Berlin", country_code: "DE", is_primary: true },
      patch: { postal_code: "10115" },
      list: { employee_id: annId, kind: "home" },
      bad: { input: { employee_id: annId, line1: "x", city: "Berlin", country_code: "de" }, field: "country_code" },
      end: "remove",
    });
    await expectCrudLifecycle({
      mine: hr.emergencyContacts,
      theirs: theirs.emergencyContacts,
      create: { employee_id: annId, name: "Max", relationship: "partner", phone: "+49 170 1" },
      patch: { email: "max@example.test" },
      list: { employee_id: annId, search: "max" },
      bad: { input: { employee_id: annId, name: "Max", relationship: "partner", phone: "" }, field: "phone" },
      end: "remove",
    });
  });
});

test("tier gate: a professional tenant is refused the HR master data (FORBIDDEN)", async () => {
  await expectCode(professional.client.hr.positions.list.query({}), "FORBIDDEN");
  await expectCode(professional.client.hr.jobApplicants.screen.mutate({ id: annId }), "FORBIDDEN");
  await expectCode(professional.client.hr.emergencyContacts.list.query({}), "FORBIDDEN");
});
