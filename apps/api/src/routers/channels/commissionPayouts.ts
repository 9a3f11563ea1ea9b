import { commissionPayoutsRow } from "@erp/db-types";
import { commissionBalance, createCommissionPayout, listCommissionPayouts, loadCommissionBalance, loadCommissionPayout } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { date, id, money, page, pageOf, text } from "../../validation/fields.ts";

const positive = money.refine((value) => Number(value) > 0, { error: "must be greater than 0" });
const partner = { dealer_id: id.optional(), franchisee_id: id.optional(), community_partner_id: id.optional() };

export const commissionPayoutsRouter = router({
  create: moduleProcedure("channels", "write")
    .meta({
      summary:
        "Pays a partner (exactly one of dealer_id, franchisee_id, community_partner_id) out of the commission approved runs made payable to them: Dr commissions payable / Cr bank, numbered in the commission payout series. More than is open answers CONFLICT (the database refuses it too).",
      errors: ["BAD_REQUEST", "NOT_FOUND", "CONFLICT"],
    })
    .input(
      z.object({
        ...partner,
        amount: positive,
        paid_on: date.optional(),
        bank_account_id: id.optional(),
        reference: text(200).nullish(),
      }),
    )
    .output(commissionPayoutsRow)
    .mutation(({ ctx, input }) => createCommissionPayout(ctx.tx, input, ctx.actor)),

  get: moduleProcedure("channels")
    .meta({ summary: "One commission payout.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(commissionPayoutsRow)
    .query(({ ctx, input }) => loadCommissionPayout(ctx.tx, input.id)),

  list: moduleProcedure("channels")
    .meta({ summary: "Commission payouts, oldest first; optionally of one partner." })
    .input(z.object({ ...page, ...partner }))
    .output(pageOf(commissionPayoutsRow))
    .query(({ ctx, input }) => listCommissionPayouts(ctx.tx, input)),

  balance: moduleProcedure("channels")
    .meta({
      summary: "What one partner has been approved (Σ approved runs' nets) and paid in commissions, and what is open.",
      errors: ["BAD_REQUEST", "NOT_FOUND"],
    })
    .input(z.object(partner))
    .output(commissionBalance)
    .query(({ ctx, input }) => loadCommissionBalance(ctx.tx, input)),
});
