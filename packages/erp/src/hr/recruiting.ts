import { sql } from "slonik";
import type { StatusMove } from "../masterData/changeStatus.ts";

/**
 * The applicant pipeline: applied → screening → interviewing → offered → hired, with reject (by
 * the company) and withdraw (by the applicant) from any open stage. Hiring names the employee
 * record made for the applicant (the table requires hired_employee_id for 'hired').
 */
export const applicantMoves = {
  screen: { from: ["applied"], to: "screening" },
  interview: { from: ["applied", "screening"], to: "interviewing" },
  offer: { from: ["screening", "interviewing"], to: "offered" },
  reject: { from: ["applied", "screening", "interviewing", "offered"], to: "rejected" },
  withdraw: { from: ["applied", "screening", "interviewing", "offered"], to: "withdrawn" },
} satisfies Record<string, StatusMove>;
export type ApplicantAction = keyof typeof applicantMoves;

/** The hire move with the employee it made. */
export function hireMove(employeeId: string): StatusMove {
  return { from: ["offered"], to: "hired", set: [sql.fragment`hired_employee_id = ${employeeId}`] };
}

/** An interview is scheduled, then completed (with its rating and recommendation), cancelled or a no-show. */
export const interviewMoves = {
  cancel: { from: ["scheduled"], to: "cancelled" },
  noShow: { from: ["scheduled"], to: "no_show" },
} satisfies Record<string, StatusMove>;

/** The complete move with the interviewer's verdict. */
export function completeInterviewMove(verdict: {
  rating: number;
  recommendation: string;
  feedback?: string | null | undefined;
}): StatusMove {
  return {
    from: ["scheduled"],
    to: "completed",
    set: [
      sql.fragment`rating = ${verdict.rating}`,
      sql.fragment`recommendation = ${verdict.recommendation}`,
      sql.fragment`feedback = coalesce(${verdict.feedback ?? null}::text, feedback)`,
    ],
  };
}
