import type { TenantQueries } from "@erp/db";
import { type FragmentSqlToken, sql } from "slonik";
import type { Actor } from "../actor.ts";

export type AuditEvent = {
  /** What happened: `create`, `update`, `delete`, or a document transition (`confirm`, `post`, `reverse`, …). */
  action: string;
  /** The table of the document or row (`orders`, `tax_invoices`, …). */
  entity: string;
  entityId: string | null;
  /** The row before and after: only the fields that changed are recorded (all of `after` for a create). */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
};

/** Fields every row has that say nothing about the change. */
const ignored = new Set(["updated_at", "created_at"]);

/**
 * Writes one audit row in the operation's transaction (so it exists exactly when the change
 * does): actor, action, document, the changed fields before and after, and the request id.
 */
export async function recordAudit(tx: TenantQueries, actor: Actor, event: AuditEvent): Promise<void> {
  await tx.query(sql.unsafe`
    INSERT INTO audit_log (user_id, action, entity, entity_id, data, request_id)
    VALUES (${actor.userId}::uuid, ${event.action}, ${event.entity}, ${event.entityId}::uuid,
      ${sql.jsonb(changedFields(event.before ?? null, event.after ?? null) as never)}, ${actor.requestId})`);
}

/** `{ before: {...}, after: {...} }` holding only the fields whose values differ. */
export function changedFields(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): { before: Record<string, unknown> | null; after: Record<string, unknown> | null } {
  if (!before || !after) return { before: before && withoutIgnored(before), after: after && withoutIgnored(after) };
  const changedBefore: Record<string, unknown> = {};
  const changedAfter: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (ignored.has(key) || JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    changedBefore[key] = before[key] ?? null;
    changedAfter[key] = after[key] ?? null;
  }
  return { before: changedBefore, after: changedAfter };
}

function withoutIgnored(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([key]) => !ignored.has(key)));
}

/**
 * Audit rows as one write that runs inside a document's numbering statement (numberDocument.ts),
 * each with the document's number set at `after.<numberField>`: documents are numbered last, so
 * the number exists only there. The rows are written in the order given.
 */
export function auditWithNumber(actor: Actor, events: readonly (AuditEvent & { numberField: string })[]): FragmentSqlToken {
  const rows = events.map(
    (event, index) =>
      sql.fragment`(${index}::int, ${event.action}::text, ${event.entity}::text, ${event.entityId}::uuid,
      ${sql.jsonb(changedFields(event.before ?? null, event.after ?? null) as never)}, ${sql.array(["after", event.numberField], "text")})`,
  );
  return sql.fragment`
    INSERT INTO audit_log (user_id, action, entity, entity_id, data, request_id)
    SELECT ${actor.userId}::uuid, e.action, e.entity, e.entity_id, jsonb_set(e.data, e.path, to_jsonb(document_number.number)),
      ${actor.requestId}
    FROM document_number, (VALUES ${sql.join(rows, sql.fragment`, `)}) AS e(n, action, entity, entity_id, data, path)
    ORDER BY e.n`;
}
