import { type PartnerTable, setPartnerStatus } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure } from "../../trpc.ts";
import { id } from "../../validation/fields.ts";

/**
 * `setStatus` for a table whose status follows a lifecycle: the database refuses a move the
 * lifecycle forbids (BAD_REQUEST naming the allowed moves); the same status is a no-op.
 */
export function setStatusProcedure(table: PartnerTable, statuses: readonly string[], entity: string) {
  return moduleProcedure("channels", "write")
    .meta({
      summary: `Moves a ${entity} to another status along its lifecycle (docs/modules/channels.md); audited.`,
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(z.object({ id, status: z.enum(statuses as [string, ...string[]]) }))
    .output(z.object({ id, status: z.string() }))
    .mutation(({ ctx, input }) => setPartnerStatus(ctx.tx, table, input, ctx.actor));
}
