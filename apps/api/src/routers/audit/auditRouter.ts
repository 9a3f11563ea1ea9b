import { auditLogColumns, auditLogRow } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import { paginate } from "../../crud/createCrudProcedures.ts";
import { router, tenantProcedure } from "../../trpc.ts";
import { id, page, pageOf, text } from "../../validation/fields.ts";

const listInput = z.object({
  ...page,
  /** The table of the document or row: `products`, `tax_invoices`, … */
  entity: text(100).optional(),
  entity_id: id.optional(),
  user_id: id.optional(),
});

/**
 * The audit trail: who changed what, when, and in which request. Reading it is a right of its
 * own (audit.read, admins and managers), whatever modules the tier serves.
 */
export const auditRouter = router({
  log: router({
    list: tenantProcedure
      .meta({
        permission: "audit.read",
        summary:
          "Lists audit rows, newest first (cursor: the last id of the previous page), by entity, entity_id and user_id; data holds the changed fields before and after.",
      })
      .input(listInput)
      .output(pageOf(auditLogRow))
      .query(async ({ ctx, input }) => {
        const conditions: FragmentSqlToken[] = [];
        if (input.cursor) conditions.push(sql.fragment`id < ${input.cursor}`);
        if (input.entity !== undefined) conditions.push(sql.fragment`entity = ${input.entity}`);
        if (input.entity_id !== undefined) conditions.push(sql.fragment`entity_id = ${input.entity_id}`);
        if (input.user_id !== undefined) conditions.push(sql.fragment`user_id = ${input.user_id}`);
        const where = conditions.length > 0 ? sql.fragment`WHERE ${sql.join(conditions, sql.fragment` AND `)}` : sql.fragment``;
        // Ids are uuidv7 (time-ordered): id order is the order the rows were written.
        const rows = await ctx.tx.any(
          sql.type(auditLogRow)`SELECT ${auditLogColumns} FROM audit_log ${where} ORDER BY id DESC LIMIT ${input.limit + 1}`,
        );
        return paginate(rows, input.limit);
      }),
  }),
});
