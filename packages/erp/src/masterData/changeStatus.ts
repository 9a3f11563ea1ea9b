import { InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { type TableName, tables } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";

/** One named move of a small status flow: from which statuses, to which one, and what else it sets. */
export type StatusMove = {
  from: readonly string[];
  to: string;
  /** Extra assignments made with the move (published_at, resolved_at, ...), written in this codebase, never from the client. */
  set?: readonly FragmentSqlToken[];
};

/**
 * Moves one row of a simple workflow table (blog posts, comments, applicants, ...) along its flow:
 * the row is locked, a move from a status the flow does not allow is refused with one sentence
 * (BAD_REQUEST), and the change is audited with the move's name as action. Rules that must hold
 * whatever path writes the row (published_at of a published post, hired_employee_id of a hire)
 * stay CHECK constraints of the table: the database has the last word.
 */
export async function changeStatus(
  tx: TenantQueries,
  target: {
    table: TableName;
    entity: string;
    id: string;
    action: string;
    move: StatusMove;
    label?: (row: Record<string, unknown>) => string;
  },
  actor: Actor,
): Promise<Record<string, unknown>> {
  const table = sql.identifier([target.table]);
  const { columns } = tables[target.table];
  const before = (await tx.maybeOne(sql.unsafe`SELECT ${columns} FROM ${table} WHERE id = ${target.id} FOR UPDATE`)) as Record<
    string,
    unknown
  > | null;
  if (!before) throw new NotFoundError(`No ${target.entity} has the id ${target.id}.`);
  const status = String(before.status);
  if (!target.move.from.includes(status)) {
    const name = target.label ? ` ${target.label(before)}` : "";
    throw new InvalidInputError(
      `The ${target.entity}${name} is ${status}: only a ${target.move.from.join(" or ")} ${target.entity} can be moved to ${target.move.to}.`,
    );
  }
  const assignments = [sql.fragment`status = ${target.move.to}`, ...(target.move.set ?? []), sql.fragment`updated_at = now()`];
  const after = (await tx.one(
    sql.unsafe`UPDATE ${table} SET ${sql.join(assignments, sql.fragment`, `)} WHERE id = ${target.id} RETURNING ${columns}`,
  )) as Record<string, unknown>;
  await recordAudit(tx, actor, { action: target.action, entity: target.table, entityId: target.id, before, after });
  return after;
}
