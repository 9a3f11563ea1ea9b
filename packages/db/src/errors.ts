import { ruleSentences } from "@erp/db-types";
import { NotFoundError as SlonikNotFoundError } from "slonik";

/**
 * Domain errors: what callers (the API, the CLI) map to answers. Database errors become these in
 * one place, `toDomainError`, so no caller inspects SQLSTATE codes or driver classes itself.
 */
export class ErpError extends Error {
  override name = "ErpError";
}

/** A setting (env var, server parameter) is missing or wrong; the message names it. */
export class ConfigurationError extends ErpError {
  override name = "ConfigurationError";
}

/** Input that breaks a rule: the message names the field and what is allowed. */
export class InvalidInputError extends ErpError {
  override name = "InvalidInputError";
}

/** A unique business key is already taken. */
export class ConflictError extends ErpError {
  override name = "ConflictError";
}

/** The row does not exist (or belongs to someone else, which callers must not be able to tell). */
export class NotFoundError extends ErpError {
  override name = "NotFoundError";
}

/** A referenced row does not exist. */
export class MissingReferenceError extends NotFoundError {
  override name = "MissingReferenceError";
}

/** A CHECK, EXCLUDE or NOT NULL rule of the schema refused the row; the message is the rule's sentence. */
export class ConstraintViolationError extends InvalidInputError {
  override name = "ConstraintViolationError";
}

/** The database refused access: a query reached outside its tenant. */
export class PermissionDeniedError extends ErpError {
  override name = "PermissionDeniedError";
}

/** The database cannot be reached right now (restarting, shutting down, out of connections): try again shortly. */
export class DatabaseUnavailableError extends ErpError {
  override name = "DatabaseUnavailableError";
}

// SQLSTATEs of a server that is going away or not there yet: admin/crash shutdown, "the database
// system is starting up / shutting down", too many connections; class 08 is checked as a prefix.
const unavailableStates = new Set(["57P01", "57P02", "57P03", "53300"]);
// What the driver and the pools say when there is no server to talk to, or it went away mid-query.
const unavailableErrnos = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
const unavailableMessages = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;
const unavailableClasses = new Set(["ConnectionError", "BackendTerminatedError", "BackendTerminatedUnexpectedlyError"]);

/**
 * Whether an error (anywhere in its cause chain) means the database is unavailable rather than
 * that the request was wrong: a restart, a shutdown, a refused connection, a pool that waited
 * too long for a connection.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const candidate = current as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown };
    const code = typeof candidate.code === "string" ? candidate.code : "";
    if (unavailableStates.has(code) || code.startsWith("08") || unavailableErrnos.has(code)) return true;
    if (typeof candidate.name === "string" && unavailableClasses.has(candidate.name)) return true;
    if (typeof candidate.message === "string" && unavailableMessages.test(candidate.message)) return true;
    current = candidate.cause;
  }
  return false;
}

type PgErrorFields = {
  code: string;
  constraint?: string;
  table?: string;
  column?: string;
  detail?: string;
  message: string;
  hint?: string;
};

/** The PostgreSQL error somewhere in a cause chain (Slonik wraps the driver's error). */
export function findPgError(error: unknown): PgErrorFields | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const candidate = current as Partial<PgErrorFields> & { cause?: unknown };
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return candidate as PgErrorFields;
    }
    current = candidate.cause;
  }
  return undefined;
}

/**
 * Maps a database error to a domain error, keeping the original as `cause`; other errors pass
 * through. Both query paths end here: Slonik's pool and the tenant transactions' plain pg
 * (which throw the same Slonik classes for "no row"). A broken rule answers with its sentence
 * (`ruleSentences`, generated from db/template), never with the constraint's name.
 */
export function toDomainError(error: unknown): unknown {
  if (error instanceof ErpError) return error;
  if (error instanceof SlonikNotFoundError) return new NotFoundError("Not found.", { cause: error });
  if (isDatabaseUnavailable(error)) {
    return new DatabaseUnavailableError("The database is not available at the moment; try again in a few seconds.", { cause: error });
  }
  const pg = findPgError(error);
  if (!pg) return error;
  const options = { cause: error };
  switch (pg.code) {
    case "23505":
      return new ConflictError(describeUnique(pg), options);
    case "23503":
      return new MissingReferenceError(describeReference(pg), options);
    case "23514":
      return new ConstraintViolationError(ruleSentence(pg) ?? `A value breaks a rule of ${pg.table ?? "the table"}.`, options);
    case "23000":
      if (pg.constraint && triggerRules.has(pg.constraint)) return new ConstraintViolationError(pg.message, options);
      return error;
    case "23P01":
      return new ConflictError(ruleSentence(pg) ?? "The row overlaps an existing one.", options);
    case "23502":
      return new ConstraintViolationError(`${pg.column ?? "A field"} is required.`, options);
    case "22P02":
    case "22003":
    case "22007":
    case "22008":
    case "22001":
      return new InvalidInputError(`${capitalise(pg.message)}.`, options);
    case "42501":
      return new PermissionDeniedError(`Permission denied: ${pg.message}.`, options);
    default:
      return error;
  }
}

function describeUnique(pg: PgErrorFields): string {
  // detail: 'Key (sku)=(ABC-1) already exists.'
  const match = pg.detail?.match(/^Key \((.+)\)=\((.*)\) already exists\.$/);
  if (match) return `${match[1]} '${match[2]}' is already taken.`;
  return "A row with the same values already exists.";
}

function describeReference(pg: PgErrorFields): string {
  // detail: 'Key (product_id)=(…) is not present in table "products".'
  const match = pg.detail?.match(/^Key \((.+)\)=\((.*)\) is not present in table "(.+)"\.$/);
  if (match) return `${match[1]} ${match[2]} does not exist in ${match[3]}.`;
  const from = pg.detail?.match(/is still referenced from table "(.+)"\.$/);
  if (from) return `The row is still referenced from ${from[1]}.`;
  return "A referenced row does not exist.";
}

/** Rules kept by triggers (the books' rules in db/template/05_finance.sql, HR's in 10_hr.sql) raise their own sentence. */
const triggerRules = new Set([
  "journal_entries_balanced",
  "journal_entries_open_period",
  "journal_entries_posted_frozen",
  "general_ledger_posted_only",
  // HR's rules (db/template/10_hr.sql): trees without cycles, leave balances, frozen payroll runs.
  "departments_no_cycle",
  "employees_no_manager_cycle",
  "leaves_within_balance",
  "payroll_runs_approved_frozen",
  // Final stock documents (db/template/03_inventory.sql).
  "stock_counts_posted_frozen",
  "stock_transfers_received_frozen",
  // Procure to pay (db/template/04_procurement.sql).
  "purchase_order_items_frozen",
  "vendor_payment_allocations_open_bill",
  // Banking's rules (db/template/05_finance.sql, docs/modules/banking.md).
  "bank_accounts_ledger_account",
  "bank_transactions_imported_frozen",
  "bank_transaction_matches_frozen",
  "bank_transaction_matches_account",
  "bank_transactions_matched_sum",
  // The CMS's revision rules (db/template/06_cms.sql).
  "cms_page_versions_frozen",
  "cms_pages_published_revision",
  // the service module's state machine and warranty window (db/template/08_service.sql)
  "service_requests_transitions",
  "service_requests_reopen_window",
  "warranty_claims_within_warranty",
  // Channels (db/template/07_channels.sql): status lifecycles, frozen approved runs, fixed commission basis.
  "channel_status_transition",
  "commission_runs_approved_frozen",
  "commission_basis_fixed",
  // Module gaps: commission payouts within what is payable, paid payroll runs, warranty claim decisions.
  "commission_payouts_within_payable",
  "commission_payouts_frozen",
  "payroll_runs_paid_when_approved",
  "warranty_claims_transitions",
  "amc_visits_transitions",
  "service_feedback_after_close",
]);

function ruleSentence(pg: PgErrorFields): string | undefined {
  if (pg.constraint === undefined) return undefined;
  return ruleSentences[pg.constraint] ?? (triggerRules.has(pg.constraint) ? pg.message : undefined);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
