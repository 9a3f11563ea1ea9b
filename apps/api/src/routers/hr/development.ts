import {
  benefitsInsert,
  benefitsKind,
  benefitsRow,
  benefitsStatus,
  employeeBenefitsInsert,
  employeeBenefitsRow,
  employeeBenefitsStatus,
  goalsInsert,
  goalsRow,
  goalsStatus,
  performanceReviewsInsert,
  performanceReviewsRow,
  performanceReviewsStatus,
  reviewCyclesInsert,
  reviewCyclesRow,
  reviewCyclesStatus,
  trainingEnrollmentsInsert,
  trainingEnrollmentsRow,
  trainingEnrollmentsStatus,
  trainingsDeliveryMode,
  trainingsInsert,
  trainingsRow,
  trainingsStatus,
} from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { currency, date, decimal, id, instant, money, name, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

// Reviews, goals, trainings and benefits: records with a status column whose every move is allowed, so the status is
// edited through update; the rules that must hold (periods, a completed review's rating, unique enrolments) are CHECKs.
const businessCode = text(50).trim().min(1, { error: "must not be empty" });
const title = text(200).trim().min(1, { error: "must not be empty" });
const percent = decimal.refine((value) => Number(value) <= 100, { error: "must be between 0 and 100" });
const rating = z
  .number({ error: "must be a number" })
  .int({ error: "must be a whole number" })
  .min(1, { error: "must be between 1 and 5" })
  .max(5, { error: "must be between 1 and 5" });

const cycleFields = tableInput(reviewCyclesInsert, { code: businessCode, name, period_start: date, period_end: date, status: true });
const cycles = createCrudProcedures({
  module: "hr",
  table: "review_cycles",
  entity: "review cycle",
  row: reviewCyclesRow,
  create: cycleFields,
  update: cycleFields.omit({ code: true }).partial(),
  filters: { status: reviewCyclesStatus.optional() },
  search: ["code", "name"],
  archiveStatus: "closed",
});
export const reviewCyclesRouter = router({
  list: cycles.list,
  get: cycles.get,
  create: cycles.create,
  update: cycles.update,
  archive: cycles.archive,
});

const reviewFields = tableInput(performanceReviewsInsert, {
  employee_id: id,
  reviewer_id: id,
  review_cycle_id: id,
  period_start: date,
  period_end: date,
  status: true,
  overall_rating: rating,
  strengths: text(10_000),
  improvements: text(10_000),
  completed_at: instant,
});
const reviews = createCrudProcedures({
  module: "hr",
  table: "performance_reviews",
  entity: "performance review",
  row: performanceReviewsRow,
  create: reviewFields,
  update: reviewFields.omit({ employee_id: true }).partial(),
  filters: {
    employee_id: id.optional(),
    reviewer_id: id.optional(),
    review_cycle_id: id.optional(),
    status: performanceReviewsStatus.optional(),
  },
});
export const performanceReviewsRouter = router({
  list: reviews.list,
  get: reviews.get,
  create: reviews.create,
  update: reviews.update,
});

const goalFields = tableInput(goalsInsert, {
  employee_id: id,
  performance_review_id: id,
  title,
  description: text(5000),
  weight: percent,
  progress: percent,
  status: true,
  start_date: date,
  due_date: date,
});
const goals = createCrudProcedures({
  module: "hr",
  table: "goals",
  entity: "goal",
  row: goalsRow,
  create: goalFields,
  update: goalFields.omit({ employee_id: true }).partial(),
  filters: { employee_id: id.optional(), performance_review_id: id.optional(), status: goalsStatus.optional() },
  search: ["title"],
  archiveStatus: "cancelled",
});
export const goalsRouter = router({ list: goals.list, get: goals.get, create: goals.create, update: goals.update, archive: goals.archive });

const trainingFields = tableInput(trainingsInsert, {
  code: businessCode,
  title,
  description: text(5000),
  provider: text(200),
  delivery_mode: true,
  starts_at: instant,
  ends_at: instant,
  capacity: z.number({ error: "must be a number" }).int({ error: "must be a whole number" }).min(1, { error: "must be at least 1" }),
  cost: money,
  currency,
  status: true,
});
const trainings = createCrudProcedures({
  module: "hr",
  table: "trainings",
  entity: "training",
  row: trainingsRow,
  create: trainingFields,
  update: trainingFields.omit({ code: true }).partial(),
  filters: { status: trainingsStatus.optional(), delivery_mode: trainingsDeliveryMode.optional() },
  search: ["code", "title", "provider"],
  archiveStatus: "cancelled",
});
export const trainingsRouter = router({
  list: trainings.list,
  get: trainings.get,
  create: trainings.create,
  update: trainings.update,
  archive: trainings.archive,
});

// One enrolment per training and employee: CONFLICT.
const enrollmentFields = tableInput(trainingEnrollmentsInsert, {
  training_id: id,
  employee_id: id,
  status: true,
  completed_at: instant,
  score: percent,
  certificate_media_asset_id: id,
});
const enrollments = createCrudProcedures({
  module: "hr",
  table: "training_enrollments",
  entity: "training enrollment",
  row: trainingEnrollmentsRow,
  create: enrollmentFields,
  update: enrollmentFields.omit({ training_id: true, employee_id: true }).partial(),
  filters: { training_id: id.optional(), employee_id: id.optional(), status: trainingEnrollmentsStatus.optional() },
  archiveStatus: "cancelled",
});
export const trainingEnrollmentsRouter = router({
  list: enrollments.list,
  get: enrollments.get,
  create: enrollments.create,
  update: enrollments.update,
  archive: enrollments.archive,
});

const benefitFields = tableInput(benefitsInsert, {
  code: businessCode,
  name,
  kind: true,
  vendor_id: id,
  employer_contribution: money,
  employee_contribution: money,
  currency,
  status: true,
  description: text(5000),
});
const benefits = createCrudProcedures({
  module: "hr",
  table: "benefits",
  entity: "benefit",
  row: benefitsRow,
  create: benefitFields,
  update: benefitFields.omit({ code: true }).partial(),
  filters: { kind: benefitsKind.optional(), status: benefitsStatus.optional() },
  search: ["code", "name"],
  archiveStatus: "retired",
});
export const benefitsRouter = router({
  list: benefits.list,
  get: benefits.get,
  create: benefits.create,
  update: benefits.update,
  archive: benefits.archive,
});

const employeeBenefitFields = tableInput(employeeBenefitsInsert, {
  employee_id: id,
  benefit_id: id,
  coverage_level: true,
  employer_contribution: money,
  employee_contribution: money,
  currency,
  enrolled_on: date,
  ends_on: date,
  status: true,
});
const employeeBenefits = createCrudProcedures({
  module: "hr",
  table: "employee_benefits",
  entity: "employee benefit",
  row: employeeBenefitsRow,
  create: employeeBenefitFields,
  update: employeeBenefitFields.omit({ employee_id: true, benefit_id: true }).partial(),
  filters: { employee_id: id.optional(), benefit_id: id.optional(), status: employeeBenefitsStatus.optional() },
  archiveStatus: "cancelled",
});
export const employeeBenefitsRouter = router({
  list: employeeBenefits.list,
  get: employeeBenefits.get,
  create: employeeBenefits.create,
  update: employeeBenefits.update,
  archive: employeeBenefits.archive,
});
