import { ErpError } from "@erp/db";

/**
 * An operation that needs a right beyond the procedure's own permission (approving above the
 * threshold: procurement.approve; approving a bill despite a match variance: procurement.override).
 * The API answers it with FORBIDDEN.
 */
export class MissingRightError extends ErpError {
  override name = "MissingRightError";
}
