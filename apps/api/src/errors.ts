import {
  ConflictError,
  DatabaseUnavailableError,
  findPgError,
  InvalidInputError,
  NotFoundError,
  PermissionDeniedError,
  TenantUnavailableError,
  toDomainError,
} from "@erp/db";
import { TRPCError } from "@trpc/server";

/** Seconds a client is asked to wait (Retry-After) when the database is unavailable: a restart takes a few. */
export const retryAfterSeconds = 2;

/** One validation problem, as clients receive it in `error.data.issues`. */
export type Issue = { path: string; message: string };

/**
 * The one place where errors become API answers. Domain errors (and database errors, through
 * `toDomainError`) get their code; anything else stays INTERNAL_SERVER_ERROR, which the error
 * formatter answers without internals.
 */
export function toTrpcError(error: TRPCError): TRPCError {
  const issues = validationIssues(error);
  if (issues) return new TRPCError({ code: "BAD_REQUEST", message: describeIssues(issues), cause: error.cause });
  if (error.code !== "INTERNAL_SERVER_ERROR") return error;
  const cause = toDomainError(error.cause);
  const mapped = (code: TRPCError["code"], message: string) => new TRPCError({ code, message, cause: error.cause });
  // PermissionDenied means a query reached outside its tenant: say only that nothing was found.
  if (cause instanceof PermissionDeniedError) return mapped("NOT_FOUND", "Not found.");
  if (cause instanceof DatabaseUnavailableError) return mapped("SERVICE_UNAVAILABLE", cause.message);
  if (cause instanceof TenantUnavailableError) return mapped("FORBIDDEN", "This tenant is no longer available.");
  if (cause instanceof ConflictError) return mapped("CONFLICT", cause.message);
  if (cause instanceof NotFoundError) return mapped("NOT_FOUND", cause.message);
  if (cause instanceof InvalidInputError) return mapped("BAD_REQUEST", cause.message);
  const code = findPgError(cause)?.code ?? "";
  // Class 22 (data exception: bad encoding, out of range, ...) can only come from the input.
  if (code.startsWith("22")) return mapped("BAD_REQUEST", "A value is not acceptable to the database (out of range or badly encoded).");
  if (code === "40001" || code === "40P01") return mapped("CONFLICT", "The request collided with a concurrent change; try again.");
  return error;
}

/** BAD_REQUEST for input refused before its schema ran, shaped like a schema failure (message and `issues`). */
export function badInput(issue: { path: string[]; message: string }): TRPCError {
  const cause = Object.assign(new Error(issue.message), { issues: [issue] });
  return toTrpcError(new TRPCError({ code: "BAD_REQUEST", cause }));
}

/** Validation issues of a BAD_REQUEST whose cause is a schema failure (zod or any standard schema). */
export function validationIssues(error: TRPCError): Issue[] | null {
  if (error.code !== "BAD_REQUEST") return null;
  const issues = (error.cause as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return null;
  return issues.map((issue: { path?: readonly PropertyKey[]; message?: string }) => ({
    path: (issue.path ?? []).map((part) => String(typeof part === "object" ? (part as { key: PropertyKey }).key : part)).join("."),
    message: issue.message ?? "is invalid",
  }));
}

/** "name: Too small …; items.0.quantity: …" — every field named, in one sentence. */
function describeIssues(issues: Issue[]): string {
  const parts = issues.slice(0, 5).map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : "";
  return `Invalid input: ${parts.join("; ")}${more}.`;
}
