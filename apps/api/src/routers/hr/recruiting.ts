import {
  interviewsInsert,
  interviewsMode,
  interviewsRecommendation,
  interviewsRow,
  interviewsStatus,
  jobApplicantsInsert,
  jobApplicantsRow,
  jobApplicantsSource,
  jobApplicantsStatus,
  jobOpeningsEmploymentType,
  jobOpeningsInsert,
  jobOpeningsRow,
  jobOpeningsStatus,
  positionsInsert,
  positionsRow,
  positionsStatus,
} from "@erp/db-types";
import { hr } from "@erp/erp";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { statusMoveProcedure } from "../../crud/statusMoveProcedure.ts";
import { router } from "../../trpc.ts";
import { currency, date, email, id, instant, money, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const businessCode = text(50).trim().min(1, { error: "must not be empty" });
const title = text(200).trim().min(1, { error: "must not be empty" });
const count = z.number({ error: "must be a number" }).int({ error: "must be a whole number" });

// The code is unique: CONFLICT; max_salary at least min_salary (a CHECK).
const positionFields = tableInput(positionsInsert, {
  code: businessCode,
  title,
  department_id: id,
  grade: text(50),
  min_salary: money,
  max_salary: money,
  currency,
  headcount: count.min(0, { error: "must be 0 or more" }),
  status: true,
  description: text(5000),
});
const positions = createCrudProcedures({
  module: "hr",
  table: "positions",
  entity: "position",
  row: positionsRow,
  create: positionFields,
  update: positionFields.omit({ code: true }).partial(),
  filters: { department_id: id.optional(), status: positionsStatus.optional() },
  search: ["code", "title"],
  // A retired position stays for the employees who held it.
  archiveStatus: "retired",
});
export const positionsRouter = router({
  list: positions.list,
  get: positions.get,
  create: positions.create,
  update: positions.update,
  archive: positions.archive,
});

// Status (draft, open, on_hold, filled, closed, cancelled) is edited directly: every move between them is allowed.
const openingFields = tableInput(jobOpeningsInsert, {
  opening_number: businessCode,
  title,
  department_id: id,
  position_id: id,
  hiring_manager_id: id,
  employment_type: true,
  openings_count: count.min(1, { error: "must be at least 1" }),
  location: text(200),
  salary_min: money,
  salary_max: money,
  currency,
  status: true,
  opened_on: date,
  closes_on: date,
  description: text(20_000),
  cms_page_id: id,
});
const openings = createCrudProcedures({
  module: "hr",
  table: "job_openings",
  entity: "job opening",
  row: jobOpeningsRow,
  create: openingFields,
  update: openingFields.omit({ opening_number: true }).partial(),
  filters: {
    department_id: id.optional(),
    status: jobOpeningsStatus.optional(),
    employment_type: jobOpeningsEmploymentType.optional(),
  },
  search: ["opening_number", "title"],
  archiveStatus: "cancelled",
});
export const jobOpeningsRouter = router({
  list: openings.list,
  get: openings.get,
  create: openings.create,
  update: openings.update,
  archive: openings.archive,
});

// An applicant starts 'applied'; the status moves only along the pipeline (hr.applicantMoves). One application per opening and email: CONFLICT.
const applicantName = text(100).trim().min(1, { error: "must not be empty" });
const applicantFields = tableInput(jobApplicantsInsert, {
  job_opening_id: id,
  first_name: applicantName,
  last_name: applicantName,
  email,
  phone: text(50),
  source: true,
  referred_by_employee_id: id,
  resume_media_asset_id: id,
});
const applicants = createCrudProcedures({
  module: "hr",
  table: "job_applicants",
  entity: "job applicant",
  row: jobApplicantsRow,
  create: applicantFields,
  update: applicantFields.omit({ job_opening_id: true }).partial(),
  filters: { job_opening_id: id.optional(), status: jobApplicantsStatus.optional(), source: jobApplicantsSource.optional() },
  search: ["first_name", "last_name", "email"],
});
const applicantLabel = (row: Record<string, unknown>) => `${String(row.first_name)} ${String(row.last_name)}`;
const applicantMove = (action: hr.ApplicantAction, summary: string) =>
  statusMoveProcedure({
    module: "hr",
    table: "job_applicants",
    entity: "job applicant",
    row: jobApplicantsRow,
    action,
    summary,
    label: applicantLabel,
    move: () => hr.applicantMoves[action],
  });
export const jobApplicantsRouter = router({
  list: applicants.list,
  get: applicants.get,
  create: applicants.create,
  update: applicants.update,
  screen: applicantMove("screen", "Moves an applied applicant to screening."),
  interview: applicantMove("interview", "Moves an applied or screened applicant to interviewing."),
  offer: applicantMove("offer", "Makes an offer to an applicant in screening or interviewing."),
  reject: applicantMove("reject", "Rejects an applicant at any open stage."),
  withdraw: applicantMove("withdraw", "Records that an applicant withdrew at any open stage."),
  hire: statusMoveProcedure({
    module: "hr",
    table: "job_applicants",
    entity: "job applicant",
    row: jobApplicantsRow,
    action: "hire",
    summary: "Hires an applicant holding an offer, naming the employee record made for them (one applicant per employee: CONFLICT).",
    label: applicantLabel,
    extra: { hired_employee_id: id },
    move: (input) => hr.hireMove(input.hired_employee_id),
  }),
});

// An interview starts scheduled; complete, cancel and noShow move it (hr.interviewMoves).
const interviewFields = tableInput(interviewsInsert, {
  job_applicant_id: id,
  interviewer_id: id,
  round: count.min(1, { error: "must be at least 1" }),
  mode: true,
  scheduled_at: instant,
  duration_minutes: count.min(1, { error: "must be at least 1" }).max(1440, { error: "must be at most 1440" }),
});
const interviews = createCrudProcedures({
  module: "hr",
  table: "interviews",
  entity: "interview",
  row: interviewsRow,
  create: interviewFields,
  update: interviewFields.omit({ job_applicant_id: true }).partial(),
  filters: {
    job_applicant_id: id.optional(),
    interviewer_id: id.optional(),
    status: interviewsStatus.optional(),
    mode: interviewsMode.optional(),
  },
});
const interviewMove = (action: keyof typeof hr.interviewMoves, summary: string) =>
  statusMoveProcedure({
    module: "hr",
    table: "interviews",
    entity: "interview",
    row: interviewsRow,
    action,
    summary,
    move: () => hr.interviewMoves[action],
  });
export const interviewsRouter = router({
  list: interviews.list,
  get: interviews.get,
  create: interviews.create,
  update: interviews.update,
  complete: statusMoveProcedure({
    module: "hr",
    table: "interviews",
    entity: "interview",
    row: interviewsRow,
    action: "complete",
    summary: "Completes a scheduled interview with the interviewer's rating (1–5), recommendation and feedback.",
    extra: {
      rating: count.min(1, { error: "must be between 1 and 5" }).max(5, { error: "must be between 1 and 5" }),
      recommendation: interviewsRecommendation,
      feedback: text(10_000).optional(),
    },
    move: (input) => hr.completeInterviewMove(input),
  }),
  cancel: interviewMove("cancel", "Cancels a scheduled interview."),
  noShow: interviewMove("noShow", "Records that the applicant did not come to a scheduled interview."),
});
