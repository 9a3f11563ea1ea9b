import type { TableName } from "@erp/db-types";
import { masterData } from "@erp/erp";
import type { Module } from "@erp/tenancy";
import { z } from "zod";
import { moduleProcedure } from "../trpc.ts";
import { id } from "../validation/fields.ts";

type AnyObject = z.ZodObject<z.ZodRawShape>;

/**
 * A procedure moving one row of a simple workflow table along its flow (module write permission):
 * input `{ id }` plus the move's own fields, output the row. A move from a status the flow does
 * not allow answers BAD_REQUEST with one sentence; an unknown id (or another tenant's) NOT_FOUND.
 */
export function statusMoveProcedure<Row extends AnyObject, Extra extends z.ZodRawShape = Record<never, never>>(config: {
  module: Module;
  table: TableName;
  entity: string;
  row: Row;
  action: string;
  summary: string;
  move: (input: z.output<z.ZodObject<Extra>>) => masterData.StatusMove;
  extra?: Extra;
  label?: (row: Record<string, unknown>) => string;
}) {
  return moduleProcedure(config.module, "write")
    .meta({ summary: config.summary, errors: ["BAD_REQUEST", "NOT_FOUND"] })
    .input(z.object({ id, ...(config.extra ?? ({} as Extra)) }))
    .output(config.row)
    .mutation(async ({ ctx, input }) => {
      const { id: rowId, ...extra } = input as { id: string } & Record<string, unknown>;
      const row = await masterData.changeStatus(
        ctx.tx,
        {
          table: config.table,
          entity: config.entity,
          id: rowId,
          action: config.action,
          move: config.move(extra as never),
          ...(config.label ? { label: config.label } : {}),
        },
        ctx.actor,
      );
      return row as never;
    });
}
