import type { ErpClient } from "@erp/client";
import { withTenantTransaction } from "@erp/db";
import { getTenant } from "@erp/tenancy";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { expectStockRulesHold } from "./support/books.ts";
import { expectCode } from "./support/expectCode.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

/**
 * The HR module over the typed client on a fresh enterprise tenant: the department tree and the
 * manager hierarchy without cycles, attendance without overlaps, leave accrued, requested,
 * approved, rejected and cancelled against balances the database keeps, and a payroll month run,
 * refused a second time, approved (one balanced entry) and frozen. Payslips are private to their
 * employee. A professional tenant is refused the module, and another enterprise tenant finds none
 * of the first one's rows.
 */
let api: TestApi;
let tenant: TestTenant;
let other: TestTenant;
let professional: TestTenant;
let hr: ErpClient["hr"];
/** Last year: its fiscal periods are open in every new tenant, and its months are complete. */
const year = new Date().getUTCFullYear() - 1;
const ids: Record<string, string> = {};
const staff: Record<string, ErpClient> = {};

async function tenantSql<T>(run: (tx: Parameters<Parameters<typeof withTenantTransaction>[2]>[0]) => Promise<T>): Promise<T> {
  const found = await getTenant(api.platform.pool, tenant.slug);
  return withTenantTransaction(api.tenantPool, found, run);
}

async function addEmployee(key: string, userId: string | null, departmentId: string, managerId: string | null) {
  const employee = await hr.employees.create.mutate({
    first_name: key,
    last_name: "Tester",
    email: `${key}@hr.example.test`,
    hire_date: "2020-01-06",
    department_id: departmentId,
    manager_id: managerId,
    user_id: userId,
  });
  ids[key] = employee.id;
  return employee;
}

async function addStaffUser(key: string): Promise<string> {
  const email = `${key}-user@hr.example.test`;
  const password = `${key}-password-123`;
  const user = await tenant.client.auth.users.create.mutate({ email, displayName: key, password, roles: ["staff"] });
  staff[key] = await api.signIn(tenant.slug, email, password);
  return user.id;
}

beforeAll(async () => {
  api = await startTestApi();
  [tenant, other, professional] = await Promise.all([
    api.provision("hra", "enterprise"),
    api.provision("hrb", "enterprise"),
    api.provision("hrp", "professional"),
  ]);
  hr = tenant.client.hr;
  const me = await tenant.client.auth.me.query();
  const head = await hr.departments.create.mutate({ code: "HQ", name: "Head office" });
  ids.head = head.id;
  // The admin is the manager employee: approvals are signed by an employee.
  await addEmployee("boss", me.user.id, head.id, null);
  await addEmployee("ann", await addStaffUser("ann"), head.id, ids.boss ?? null);
  await addEmployee("bob", await addStaffUser("bob"), head.id, ids.boss ?? null);
});
afterAll(async () => api?.close());

describe("organisation", () => {
  test("departments form a tree: moving a department below its own child is refused by the database", async () => {
    const sales = await hr.departments.create.mutate({ code: "SALES", name: "Sales", parent_id: ids.head });
    const north = await hr.departments.create.mutate({ code: "NORTH", name: "Sales north", parent_id: sales.id });
    const message = await expectCode(hr.departments.update.mutate({ id: sales.id, patch: { parent_id: north.id } }), "BAD_REQUEST");
    expect(message).toBe("parent_id: department SALES cannot sit below a department that is itself below it (departments form a tree).");
    expect(await expectCode(hr.departments.update.mutate({ id: sales.id, patch: { parent_id: sales.id } }), "BAD_REQUEST")).toMatch(
      /parent_id/,
    );
    expect((await hr.departments.update.mutate({ id: north.id, patch: { parent_id: ids.head } })).parent_id).toBe(ids.head);
  });

  test("managers form a hierarchy: the boss cannot report to someone who reports to them", async () => {
    const message = await expectCode(hr.employees.update.mutate({ id: ids.boss ?? "", patch: { manager_id: ids.ann } }), "BAD_REQUEST");
    expect(message).toMatch(/^manager_id: employee E-[0-9A-F]+ cannot report to someone who reports to them/);
    const { items } = await hr.employees.list.query({ limit: 100 });
    expect(items.find((row) => row.id === ids.boss)?.manager_id).toBeNull();
  });
});

describe("hr.attendance", () => {
  test("a night shift crossing midnight and an early shift the next morning may not overlap (CONFLICT from the database)", async () => {
    const night = await hr.attendance.create.mutate({
      employee_id: ids.ann ?? "",
      work_date: `${year}-02-02`,
      check_in: `${year}-02-02T22:00:00Z`,
      check_out: `${year}-02-03T06:00:00Z`,
    });
    expect(night.status).toBe("present");
    const message = await expectCode(
      hr.attendance.create.mutate({
        employee_id: ids.ann ?? "",
        work_date: `${year}-02-03`,
        check_in: `${year}-02-03T05:00:00Z`,
        check_out: `${year}-02-03T13:00:00Z`,
      }),
      "CONFLICT",
    );
    expect(message).toBe(
      "check_in to check_out overlaps another attendance of the employee: an employee cannot attend two shifts at once.",
    );
    // Back to back is not an overlap, and another employee may work the same hours.
    await hr.attendance.create.mutate({
      employee_id: ids.ann ?? "",
      work_date: `${year}-02-03`,
      check_in: `${year}-02-03T06:00:00Z`,
      check_out: `${year}-02-03T14:00:00Z`,
    });
    await hr.attendance.create.mutate({
      employee_id: ids.bob ?? "",
      work_date: `${year}-02-03`,
      check_in: `${year}-02-03T05:00:00Z`,
      check_out: `${year}-02-03T13:00:00Z`,
    });
    expect((await hr.attendance.list.query({ employee_id: ids.ann })).items).toHaveLength(2);
  });
});

describe("hr.leaves", () => {
  const annual = async () => ids.annual ?? "";
  const balanceOf = async (employee: string) =>
    (await hr.leaveBalances.list.query({ employee_id: ids[employee], year })).items.find((row) => row.leave_type_id === ids.annual);

  beforeAll(async () => {
    ids.annual = (await hr.leaveTypes.create.mutate({ code: "ANNUAL", name: "Annual leave", days_per_year: "20" })).id;
    ids.unpaid = (await hr.leaveTypes.create.mutate({ code: "UNPAID", name: "Unpaid leave", is_paid: false })).id;
  });

  test("accruals build the balance; a request beyond what is left is refused with a sentence", async () => {
    await hr.leaveBalances.accrue.mutate({ employee_id: ids.ann ?? "", leave_type_id: await annual(), year, days: "3" });
    const balance = await hr.leaveBalances.accrue.mutate({ employee_id: ids.ann ?? "", leave_type_id: await annual(), year, days: 2 });
    expect(balance).toMatchObject({ entitled: "5.00", taken: "0.00", year });
    const message = await expectCode(
      hr.leaves.submit.mutate({
        employee_id: ids.ann ?? "",
        leave_type_id: await annual(),
        start_date: `${year}-05-04`,
        end_date: `${year}-05-09`,
      }),
      "BAD_REQUEST",
    );
    expect(message).toBe(`The leave needs 6 days of ANNUAL but only 5 are left for ${year}.`);
    expect(
      await expectCode(
        hr.leaves.submit.mutate({
          employee_id: ids.ann ?? "",
          leave_type_id: await annual(),
          start_date: `${year}-12-31`,
          end_date: `${year + 1}-01-01`,
        }),
        "BAD_REQUEST",
      ),
    ).toMatch(/^end_date must lie in the same year/);
  });

  test("approve draws on the balance, overlapping approved leave is refused by the database, cancel gives the days back", async () => {
    const first = await hr.leaves.submit.mutate({
      employee_id: ids.ann ?? "",
      leave_type_id: await annual(),
      start_date: `${year}-05-04`,
      end_date: `${year}-05-06`,
      reason: "Trip",
    });
    expect(first).toMatchObject({ status: "requested", days: "3.00" });
    const overlapping = await hr.leaves.submit.mutate({
      employee_id: ids.ann ?? "",
      leave_type_id: await annual(),
      start_date: `${year}-05-06`,
      end_date: `${year}-05-07`,
    });
    // Ann cannot approve her own leave; the boss (the admin's employee) can.
    expect(await expectCode(staff.ann?.hr.leaves.approve.mutate({ id: first.id }) ?? Promise.resolve(), "FORBIDDEN")).toMatch(/hr\.write/);
    const approved = await hr.leaves.approve.mutate({ id: first.id });
    expect(approved).toMatchObject({ status: "approved", approved_by: ids.boss });
    expect(await balanceOf("ann")).toMatchObject({ entitled: "5.00", taken: "3.00" });
    expect(await expectCode(hr.leaves.approve.mutate({ id: overlapping.id }), "CONFLICT")).toBe(
      "start_date to end_date overlaps another approved leave of the employee.",
    );
    expect(await expectCode(hr.leaves.approve.mutate({ id: first.id }), "CONFLICT")).toBe(
      "The leave is approved: it cannot be approved (only a requested leave can).",
    );
    expect((await hr.leaves.cancel.mutate({ id: first.id })).status).toBe("cancelled");
    expect(await balanceOf("ann")).toMatchObject({ taken: "0.00" });
    expect((await hr.leaves.approve.mutate({ id: overlapping.id })).status).toBe("approved");
    expect(await balanceOf("ann")).toMatchObject({ taken: "2.00" });
    await expectStockRulesHold(api, tenant.slug);
  });

  test("two requests that each fit but not together: the database refuses the approval that would make the balance negative", async () => {
    const left = await hr.leaves.submit.mutate({
      employee_id: ids.ann ?? "",
      leave_type_id: await annual(),
      start_date: `${year}-06-01`,
      end_date: `${year}-06-03`,
    });
    const right = await hr.leaves.submit.mutate({
      employee_id: ids.ann ?? "",
      leave_type_id: await annual(),
      start_date: `${year}-07-01`,
      end_date: `${year}-07-02`,
    });
    await hr.leaves.approve.mutate({ id: left.id });
    expect(await expectCode(hr.leaves.approve.mutate({ id: right.id }), "BAD_REQUEST")).toBe(
      "taken may not exceed entitled plus carried_forward: a leave balance never goes negative.",
    );
    expect((await hr.leaves.reject.mutate({ id: right.id })).status).toBe("rejected");
    expect(await expectCode(hr.leaves.cancel.mutate({ id: right.id }), "CONFLICT")).toMatch(/^The leave is rejected/);
    // The boss's own leave cannot be approved by the boss.
    await hr.leaveBalances.accrue.mutate({ employee_id: ids.boss ?? "", leave_type_id: await annual(), year, days: "10" });
    const own = await hr.leaves.submit.mutate({
      employee_id: ids.boss ?? "",
      leave_type_id: await annual(),
      start_date: `${year}-08-03`,
      end_date: `${year}-08-04`,
    });
    expect(await expectCode(hr.leaves.approve.mutate({ id: own.id }), "BAD_REQUEST")).toBe(
      "An employee cannot approve or reject their own leave.",
    );
    // And the database itself refuses a balance pushed below zero by hand.
    await expect(
      tenantSql((tx) => tx.query(sql.unsafe`UPDATE leave_balances SET taken = entitled + 1 WHERE employee_id = ${ids.ann ?? ""}`)),
    ).rejects.toThrow(/leave_balances_check/);
    await expectStockRulesHold(api, tenant.slug);
  });
});

describe("hr.payrollRuns and hr.payslips", () => {
  let runId = "";
  beforeAll(async () => {
    const bonus = await hr.salaryComponents.create.mutate({ code: "BONUS", name: "Attendance bonus", kind: "earning" });
    const tax = await hr.salaryComponents.create.mutate({
      code: "TAX",
      name: "Income tax",
      kind: "deduction",
      calculation: "percent_of_base",
    });
    const structure = await hr.salaryStructures.create.mutate({ code: "STD", name: "Standard" });
    await hr.salaryStructureComponents.create.mutate({ salary_structure_id: structure.id, salary_component_id: bonus.id, amount: "100" });
    await hr.salaryStructureComponents.create.mutate({ salary_structure_id: structure.id, salary_component_id: tax.id, percent: "10" });
    await hr.employeeSalaries.create.mutate({
      employee_id: ids.ann ?? "",
      salary_structure_id: structure.id,
      base_salary: "3000",
      effective_from: "2020-01-06",
    });
    await hr.employeeSalaries.create.mutate({ employee_id: ids.bob ?? "", base_salary: "3100", effective_from: "2020-01-06" });
    await hr.employeeSalaries.create.mutate({ employee_id: ids.boss ?? "", base_salary: "6000", effective_from: "2020-01-06" });
    // March: Ann absent one day (no leave covers it), Bob two days of approved unpaid leave.
    await hr.attendance.create.mutate({ employee_id: ids.ann ?? "", work_date: `${year}-03-10`, status: "absent" });
    const unpaid = await hr.leaves.submit.mutate({
      employee_id: ids.bob ?? "",
      leave_type_id: ids.unpaid ?? "",
      start_date: `${year}-03-30`,
      end_date: `${year}-04-02`,
    });
    await hr.leaves.approve.mutate({ id: unpaid.id });
  });

  test("run: payslips from salary, structure, absences and unpaid leave; a second run of the month is refused with a sentence", async () => {
    const run = await hr.payrollRuns.run.mutate({ year, month: 3 });
    runId = run.id;
    expect(run).toMatchObject({ run_number: `PR-${year}-03`, status: "draft", period_start: `${year}-03-01`, period_end: `${year}-03-31` });
    const slip = (key: string) => run.payslips.find((row) => row.employee_id === ids[key]);
    // Ann: 3000 × 30/31 = 2903.23 + bonus 100 = 3003.23; tax 10% of gross = 300.32.
    expect(slip("ann")).toMatchObject({ worked_days: "30.00", gross_pay: "3003.2300", deductions: "300.3200", net_pay: "2702.9100" });
    expect(slip("ann")?.items.map((item) => [item.kind, item.description, item.amount])).toEqual([
      ["earning", "Basic pay, 30 of 31 days", "2903.2300"],
      ["earning", "Attendance bonus", "100.0000"],
      ["deduction", "Income tax", "300.3200"],
    ]);
    // Bob: two unpaid days in March (30 and 31): 3100 × 29/31 = 2900.
    expect(slip("bob")).toMatchObject({ worked_days: "29.00", gross_pay: "2900.0000", deductions: "0.0000", net_pay: "2900.0000" });
    expect(slip("boss")).toMatchObject({ gross_pay: "6000.0000", net_pay: "6000.0000" });
    expect(run).toMatchObject({ total_gross: "11903.2300", total_net: "11602.9100" });
    expect(await expectCode(hr.payrollRuns.run.mutate({ year, month: 3 }), "CONFLICT")).toBe(
      `The payroll of ${year}-03 has already been run (PR-${year}-03, draft): a period is paid once; cancel that run to run the period again.`,
    );
    expect((await hr.payrollRuns.list.query({})).items.map((row) => row.id)).toEqual([run.id]);
    await expectStockRulesHold(api, tenant.slug);
  });

  test("payslips are private: the employee reads their own; another employee's answers NOT_FOUND; staff cannot run payroll", async () => {
    const run = await hr.payrollRuns.get.query({ id: runId });
    const annSlip = run.payslips.find((row) => row.employee_id === ids.ann)?.id ?? "";
    const bobSlip = run.payslips.find((row) => row.employee_id === ids.bob)?.id ?? "";
    expect((await staff.ann?.hr.payslips.get.query({ id: annSlip }))?.net_pay).toBe("2702.9100");
    expect((await staff.ann?.hr.payslips.mine.query({}))?.items.map((row) => row.id)).toEqual([annSlip]);
    expect(await expectCode(staff.ann?.hr.payslips.get.query({ id: bobSlip }) ?? Promise.resolve(), "NOT_FOUND")).toBe(
      `No payslip of yours has the id ${bobSlip}.`,
    );
    expect((await hr.payslips.get.query({ id: bobSlip })).employee_id).toBe(ids.bob);
    expect(await expectCode(staff.bob?.hr.payrollRuns.get.query({ id: runId }) ?? Promise.resolve(), "FORBIDDEN")).toMatch(/hr\.payroll/);
    expect(await expectCode(staff.bob?.hr.payrollRuns.run.mutate({ year, month: 5 }) ?? Promise.resolve(), "FORBIDDEN")).toMatch(
      /hr\.payroll/,
    );
  });

  test("approve posts one balanced entry; the database then refuses edits of the run and its payslips", async () => {
    const approved = await hr.payrollRuns.approve.mutate({ id: runId });
    expect(approved).toMatchObject({ status: "approved", approved_by: ids.boss });
    const lines = await tenantSql((tx) =>
      tx.any(sql.type(z.object({ code: z.string(), debit: z.string(), credit: z.string() }))`
        SELECT a.code, l.debit::text AS debit, l.credit::text AS credit FROM journal_lines l
        JOIN chart_of_accounts a ON a.id = l.account_id WHERE l.journal_entry_id = ${approved.journal_entry_id ?? ""} ORDER BY l.line_number`),
    );
    expect(lines.map((row) => [row.code, row.debit, row.credit])).toEqual([
      ["6100", "11903.2300", "0.0000"],
      ["2300", "0.0000", "300.3200"],
      ["2310", "0.0000", "11602.9100"],
    ]);
    expect(await expectCode(hr.payrollRuns.approve.mutate({ id: runId }), "CONFLICT")).toBe(
      `Payroll run PR-${year}-03 is approved: only a draft run can be approved.`,
    );
    expect(await expectCode(hr.payrollRuns.cancel.mutate({ id: runId }), "CONFLICT")).toMatch(/only a draft run can be cancelled/);
    const frozen = /Payroll run PR-\d{4}-03 is approved: (it|its payslips) cannot be changed/;
    await expect(
      tenantSql((tx) =>
        tx.query(sql.unsafe`UPDATE payroll SET gross_pay = gross_pay + 1, net_pay = net_pay + 1 WHERE payroll_run_id = ${runId}`),
      ),
    ).rejects.toThrow(frozen);
    await expect(tenantSql((tx) => tx.query(sql.unsafe`UPDATE payroll_runs SET total_gross = 1 WHERE id = ${runId}`))).rejects.toThrow(
      frozen,
    );
    await expect(
      tenantSql((tx) =>
        tx.query(sql.unsafe`DELETE FROM payroll_items WHERE payroll_id IN (SELECT id FROM payroll WHERE payroll_run_id = ${runId})`),
      ),
    ).rejects.toThrow(frozen);
    await expect(tenantSql((tx) => tx.query(sql.unsafe`DELETE FROM payroll_runs WHERE id = ${runId}`))).rejects.toThrow(frozen);
    await expectStockRulesHold(api, tenant.slug);
  });

  test("pay: the approved run's net leaves the bank (Dr salaries payable / Cr bank), once; the database pays only approved runs", async () => {
    expect(await expectCode(staff.bob?.hr.payrollRuns.pay.mutate({ id: runId }) ?? Promise.resolve(), "FORBIDDEN")).toMatch(/hr\.payroll/);
    expect(await expectCode(hr.payrollRuns.pay.mutate({ id: runId, paid_on: `${year}-02-28` }), "BAD_REQUEST")).toMatch(
      /paid_on: .* lies before the run's period/,
    );
    await expectCode(hr.payrollRuns.pay.mutate({ id: runId, bank_account_id: ids.boss ?? "" }), "NOT_FOUND");
    const paid = await hr.payrollRuns.pay.mutate({ id: runId, paid_on: `${year}-04-05` });
    expect(paid).toMatchObject({ status: "paid", pay_date: `${year}-04-05` });
    const lines = await tenantSql((tx) =>
      tx.any(sql.type(z.object({ code: z.string(), debit: z.string(), credit: z.string(), source: z.string() }))`
        SELECT a.code, l.debit::text AS debit, l.credit::text AS credit, e.source_type AS source FROM journal_lines l
        JOIN journal_entries e ON e.id = l.journal_entry_id
        JOIN chart_of_accounts a ON a.id = l.account_id WHERE l.journal_entry_id = ${paid.payment_journal_entry_id ?? ""}
        ORDER BY l.line_number`),
    );
    expect(lines.map((row) => [row.code, row.debit, row.credit, row.source])).toEqual([
      ["2310", "11602.9100", "0.0000", "payroll_payment"],
      ["1010", "0.0000", "11602.9100", "payroll_payment"],
    ]);
    // Paid once: a second payment is refused, and the database refuses any change to the paid run.
    expect(await expectCode(hr.payrollRuns.pay.mutate({ id: runId }), "CONFLICT")).toBe(
      `Payroll run PR-${year}-03 is already paid (${year}-04-05): a run is paid once.`,
    );
    await expect(
      tenantSql((tx) => tx.query(sql.unsafe`UPDATE payroll_runs SET paid_at = now(), pay_date = current_date WHERE id = ${runId}`)),
    ).rejects.toThrow(/Payroll run PR-\d{4}-03 is paid: it cannot be changed/);
    await expectStockRulesHold(api, tenant.slug);
  });

  test("a cancelled draft frees its month for a new run, numbered after it", async () => {
    const april = await hr.payrollRuns.run.mutate({ year, month: 4 });
    // Bob's unpaid leave runs into April (1 and 2).
    expect(april.payslips.find((row) => row.employee_id === ids.bob)).toMatchObject({ worked_days: "28.00", gross_pay: "2893.3300" });
    expect((await hr.payrollRuns.cancel.mutate({ id: april.id })).status).toBe("cancelled");
    const again = await hr.payrollRuns.run.mutate({ year, month: 4 });
    expect(again.run_number).toBe(`PR-${year}-04-2`);
    // Neither a draft nor a cancelled run is paid, through the API or straight in the database.
    expect(await expectCode(hr.payrollRuns.pay.mutate({ id: again.id }), "CONFLICT")).toMatch(/is draft: only an approved run is paid/);
    expect(await expectCode(hr.payrollRuns.pay.mutate({ id: april.id }), "CONFLICT")).toMatch(/is cancelled: only an approved run is paid/);
    await expect(
      tenantSql((tx) => tx.query(sql.unsafe`UPDATE payroll_runs SET status = 'paid', paid_at = now() WHERE id = ${again.id}`)),
    ).rejects.toThrow(/is draft: only an approved run is paid/);
    await expectStockRulesHold(api, tenant.slug);
  });
});

describe("shifts and holidays", () => {
  const day = (n: number) => `${year}-10-${String(n).padStart(2, "0")}`;

  test("an employee works one shift at a time: a night shift and an early shift the next morning are refused by the database", async () => {
    const night = await hr.shifts.create.mutate({
      code: "NIGHT",
      name: "Night",
      start_time: "22:00",
      end_time: "06:00",
      crosses_midnight: true,
    });
    const early = await hr.shifts.create.mutate({ code: "EARLY", name: "Early", start_time: "05:00", end_time: "13:00" });
    const late = await hr.shifts.create.mutate({ code: "LATE", name: "Late", start_time: "14:00", end_time: "22:00" });
    ids.nightShift = night.id;
    const first = await hr.shiftAssignments.assign.mutate({ employee_id: ids.ann ?? "", shift_id: night.id, work_date: day(5) });
    ids.nightAssignment = first.id;
    expect([first.starts_at, first.ends_at].map((at) => String(at).slice(0, 16).replace(" ", "T"))).toEqual([
      `${day(5)}T22:00`,
      `${day(6)}T06:00`,
    ]);
    expect(
      await expectCode(
        hr.shiftAssignments.assign.mutate({ employee_id: ids.ann ?? "", shift_id: early.id, work_date: day(6) }),
        "CONFLICT",
      ),
    ).toMatch(/works one shift at a time/);
    expect((await hr.shiftAssignments.assign.mutate({ employee_id: ids.ann ?? "", shift_id: late.id, work_date: day(6) })).status).toBe(
      "scheduled",
    );
    expect(
      await expectCode(
        hr.shiftAssignments.assign.mutate({ employee_id: ids.ann ?? "", shift_id: early.id, work_date: day(6) }),
        "CONFLICT",
      ),
    ).toMatch(/already has shift LATE/);
    // Bob may work the same night.
    await hr.shiftAssignments.assign.mutate({ employee_id: ids.bob ?? "", shift_id: night.id, work_date: day(5) });
    // Cancelled, the night frees the morning after; the day's row is taken up again.
    expect((await hr.shiftAssignments.cancel.mutate({ id: first.id })).status).toBe("cancelled");
    await expectCode(hr.shiftAssignments.cancel.mutate({ id: first.id }), "CONFLICT");
    const again = await hr.shiftAssignments.assign.mutate({ employee_id: ids.ann ?? "", shift_id: early.id, work_date: day(5) });
    expect(again).toMatchObject({ id: first.id, shift_id: early.id, status: "scheduled" });
    expect((await hr.shiftAssignments.list.query({ employee_id: ids.ann ?? "" })).items).toHaveLength(2);
    // Bad input: hours in the wrong order, a time that is none, an inactive shift, an unknown employee.
    await expectCode(hr.shifts.create.mutate({ code: "BAD", name: "Bad", start_time: "16:00", end_time: "08:00" }), "BAD_REQUEST");
    await expectCode(hr.shifts.create.mutate({ code: "BAD", name: "Bad", start_time: "25:00", end_time: "26:00" }), "BAD_REQUEST");
    await hr.shifts.update.mutate({ id: late.id, patch: { is_active: false } });
    await expectCode(
      hr.shiftAssignments.assign.mutate({ employee_id: ids.bob ?? "", shift_id: late.id, work_date: day(9) }),
      "BAD_REQUEST",
    );
    await expectCode(hr.shiftAssignments.assign.mutate({ employee_id: night.id, shift_id: night.id, work_date: day(9) }), "NOT_FOUND");
    await expectStockRulesHold(api, tenant.slug);
  });

  test("company-wide holidays are not leave days; optional and other countries' holidays are", async () => {
    const holiday = await hr.holidays.create.mutate({ holiday_date: `${year}-11-25`, name: "Founders' day" });
    ids.holiday = holiday.id;
    await hr.holidays.create.mutate({ holiday_date: `${year}-11-26`, name: "Bridge day", is_optional: true });
    await hr.holidays.create.mutate({ holiday_date: `${year}-11-24`, name: "Elsewhere", country_code: "FR" });
    await expectCode(hr.holidays.create.mutate({ holiday_date: `${year}-11-25`, name: "Twice" }), "CONFLICT");
    const leave = await hr.leaves.submit.mutate({
      employee_id: ids.bob ?? "",
      leave_type_id: ids.unpaid ?? "",
      start_date: `${year}-11-23`,
      end_date: `${year}-11-27`,
    });
    expect(leave.days).toBe("4.00");
    expect(
      await expectCode(
        hr.leaves.submit.mutate({
          employee_id: ids.bob ?? "",
          leave_type_id: ids.unpaid ?? "",
          start_date: `${year}-11-25`,
          end_date: `${year}-11-25`,
        }),
        "BAD_REQUEST",
      ),
    ).toMatch(/falls on holidays only/);
    await hr.leaves.cancel.mutate({ id: leave.id });
    await expectStockRulesHold(api, tenant.slug);
  });
});

describe("tier gate and isolation", () => {
  const zero = "00000000-0000-7000-8000-000000000000";

  test("a professional tenant is refused every HR procedure (FORBIDDEN, naming the tier)", async () => {
    const p = professional.client.hr;
    const calls: (() => Promise<unknown>)[] = [
      () => p.attendance.list.query({}),
      () => p.attendance.create.mutate({ employee_id: zero, work_date: "2025-01-01" }),
      () => p.leaveTypes.list.query({}),
      () => p.leaveBalances.list.query({}),
      () => p.leaveBalances.accrue.mutate({ employee_id: zero, leave_type_id: zero, year: 2025, days: "1" }),
      () => p.leaves.submit.mutate({ employee_id: zero, leave_type_id: zero, start_date: "2025-01-01", end_date: "2025-01-01" }),
      () => p.leaves.approve.mutate({ id: zero }),
      () => p.leaves.reject.mutate({ id: zero }),
      () => p.leaves.cancel.mutate({ id: zero }),
      () => p.leaves.get.query({ id: zero }),
      () => p.leaves.list.query({}),
      () => p.salaryComponents.list.query({}),
      () => p.salaryStructures.list.query({}),
      () => p.salaryStructureComponents.list.query({}),
      () => p.employeeSalaries.list.query({}),
      () => p.payrollRuns.run.mutate({ year: 2025, month: 1 }),
      () => p.payrollRuns.approve.mutate({ id: zero }),
      () => p.payrollRuns.cancel.mutate({ id: zero }),
      () => p.payrollRuns.pay.mutate({ id: zero }),
      () => p.shifts.list.query({}),
      () => p.shiftAssignments.assign.mutate({ employee_id: zero, shift_id: zero, work_date: "2025-01-01" }),
      () => p.shiftAssignments.list.query({}),
      () => p.holidays.list.query({}),
      () => p.payrollRuns.get.query({ id: zero }),
      () => p.payrollRuns.list.query({}),
      () => p.payslips.get.query({ id: zero }),
      () => p.payslips.mine.query({}),
    ];
    for (const call of calls) expect(await expectCode(call(), "FORBIDDEN")).toMatch(/^The hr module is not part of the professional tier/);
  });

  test("another tenant finds none of this tenant's HR rows (NOT_FOUND) and changes none", async () => {
    const o = other.client.hr;
    const run = (await hr.payrollRuns.list.query({})).items[0]?.id ?? "";
    const slip = (await hr.payrollRuns.get.query({ id: run })).payslips[0]?.id ?? "";
    const leave = (await hr.leaves.list.query({ employee_id: ids.ann })).items[0]?.id ?? "";
    const attendance = (await hr.attendance.list.query({ employee_id: ids.ann })).items[0]?.id ?? "";
    const component = (await hr.salaryComponents.list.query({})).items[0]?.id ?? "";
    const structure = (await hr.salaryStructures.list.query({})).items[0]?.id ?? "";
    const structureLine = (await hr.salaryStructureComponents.list.query({})).items[0]?.id ?? "";
    const salary = (await hr.employeeSalaries.list.query({ employee_id: ids.ann })).items[0]?.id ?? "";
    const calls: (() => Promise<unknown>)[] = [
      () => o.attendance.get.query({ id: attendance }),
      () => o.attendance.update.mutate({ id: attendance, patch: { notes: "x" } }),
      () => o.attendance.create.mutate({ employee_id: ids.ann ?? "", work_date: "2025-01-01" }),
      () => o.leaveTypes.get.query({ id: ids.annual ?? "" }),
      () => o.leaveTypes.update.mutate({ id: ids.annual ?? "", patch: { name: "x" } }),
      () => o.leaveBalances.accrue.mutate({ employee_id: ids.ann ?? "", leave_type_id: ids.annual ?? "", year, days: "1" }),
      () =>
        o.leaves.submit.mutate({
          employee_id: ids.ann ?? "",
          leave_type_id: ids.annual ?? "",
          start_date: `${year}-09-01`,
          end_date: `${year}-09-01`,
        }),
      () => o.leaves.get.query({ id: leave }),
      () => o.leaves.approve.mutate({ id: leave }),
      () => o.leaves.reject.mutate({ id: leave }),
      () => o.leaves.cancel.mutate({ id: leave }),
      () => o.salaryComponents.get.query({ id: component }),
      () => o.salaryComponents.update.mutate({ id: component, patch: { name: "x" } }),
      () => o.salaryStructures.get.query({ id: structure }),
      () => o.salaryStructures.archive.mutate({ id: structure }),
      () => o.salaryStructureComponents.get.query({ id: structureLine }),
      () => o.salaryStructureComponents.remove.mutate({ id: structureLine }),
      () => o.salaryStructureComponents.create.mutate({ salary_structure_id: structure, salary_component_id: component, amount: "1" }),
      () => o.employeeSalaries.get.query({ id: salary }),
      () => o.employeeSalaries.update.mutate({ id: salary, patch: { base_salary: "1" } }),
      () => o.employeeSalaries.create.mutate({ employee_id: ids.ann ?? "", base_salary: "1", effective_from: "2024-01-01" }),
      () => o.payrollRuns.get.query({ id: run }),
      () => o.payrollRuns.approve.mutate({ id: run }),
      () => o.payrollRuns.cancel.mutate({ id: run }),
      () => o.payrollRuns.pay.mutate({ id: run }),
      () => o.shifts.get.query({ id: ids.nightShift ?? "" }),
      () => o.shiftAssignments.assign.mutate({ employee_id: ids.ann ?? "", shift_id: ids.nightShift ?? "", work_date: "2025-01-01" }),
      () => o.shiftAssignments.cancel.mutate({ id: ids.nightAssignment ?? "" }),
      () => o.holidays.get.query({ id: ids.holiday ?? "" }),
      () => o.holidays.remove.mutate({ id: ids.holiday ?? "" }),
      () => o.payslips.get.query({ id: slip }),
    ];
    for (const call of calls) await expectCode(call(), "NOT_FOUND");
    expect((await o.leaves.list.query({})).items).toEqual([]);
    expect((await o.attendance.list.query({})).items).toEqual([]);
    expect((await o.payrollRuns.list.query({})).items).toEqual([]);
    expect((await o.payslips.mine.query({})).items).toEqual([]);
    expect((await o.leaveBalances.list.query({})).items).toEqual([]);
    // The second tenant's own month is free: runs are per tenant.
    expect((await o.payrollRuns.run.mutate({ year, month: 3 })).payslips).toEqual([]);
  });
});
