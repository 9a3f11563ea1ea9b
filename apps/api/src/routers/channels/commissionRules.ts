import { NotFoundError } from "@erp/db";
import { commissionRulesColumns, commissionRulesRow, commissionRulesStatus } from "@erp/db-types";
import { createCommissionRule, retireCommissionRule } from "@erp/erp";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import { paginate } from "../../crud/createCrudProcedures.ts";
import { moduleProcedure, router } from "../../trpc.ts";
import { decimal, id, page, pageOf } from "../../validation/fields.ts";

const rate = decimal.refine((value) => Number(value) <= 100, { error: "must be between 0 and 100" });

export const commissionRulesRouter = router({
  create: moduleProcedure("channels", "write")
    .meta({
      summary:
        "A commission rule: the rate for a channel's orders, optionally of one partner and one product category, from a volume tier (min_volume) up. The most specific rule reached wins.",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(
      z.object({
        channel_id: id,
        dealer_id: id.nullish(),
        franchisee_id: id.nullish(),
        community_partner_id: id.nullish(),
        category_id: id.nullish(),
        min_volume: decimal.optional(),
        rate,
      }),
    )
    .output(commissionRulesRow)
    .mutation(({ ctx, input }) => createCommissionRule(ctx.tx, input, ctx.actor)),

  retire: moduleProcedure("channels", "write")
    .meta({ summary: "Retires a rule (rules are never edited: lines keep the rate they were computed with).", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(commissionRulesRow)
    .mutation(({ ctx, input }) => retireCommissionRule(ctx.tx, input, ctx.actor)),

  get: moduleProcedure("channels")
    .meta({ summary: "One commission rule.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(commissionRulesRow)
    .query(async ({ ctx, input }) => {
      const row = await ctx.tx.maybeOne(sql.type(commissionRulesRow)`
        SELECT ${commissionRulesColumns} FROM commission_rules WHERE id = ${input.id}`);
      if (!row) throw new NotFoundError(`No commission rule has the id ${input.id}.`);
      return row;
    }),

  list: moduleProcedure("channels")
    .meta({ summary: "Commission rules, oldest first; optionally of one channel or status." })
    .input(z.object({ ...page, channel_id: id.optional(), status: commissionRulesStatus.optional() }))
    .output(pageOf(commissionRulesRow))
    .query(async ({ ctx, input }) => {
      const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
      if (input.cursor) conditions.push(sql.fragment`id > ${input.cursor}`);
      if (input.channel_id) conditions.push(sql.fragment`channel_id = ${input.channel_id}`);
      if (input.status) conditions.push(sql.fragment`status = ${input.status}`);
      const rows = await ctx.tx.any(sql.type(commissionRulesRow)`
        SELECT ${commissionRulesColumns} FROM commission_rules WHERE ${sql.join(conditions, sql.fragment` AND `)}
        ORDER BY id LIMIT ${input.limit + 1}`);
      return paginate(rows, input.limit);
    }),
});
