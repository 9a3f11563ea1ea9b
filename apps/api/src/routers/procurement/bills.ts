import { vendorInvoicesRow, vendorInvoicesStatus } from "@erp/db-types";
import { approveVendorBill, createVendorBill, listVendorBills, loadVendorBill, vendorBillWithLines } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { date, id, money, page, pageOf, quantity, text } from "../../validation/fields.ts";
import { holds, needingRights } from "./rights.ts";

export const billsRouter = router({
  create: moduleProcedure("procurement", "write")
    .meta({
      summary:
        "Records a vendor's bill against one of its purchase orders as a draft, with the three-way match per line (order price × received quantity against the billed quantity and price). `invoice_number` is the vendor's own and unique per vendor (CONFLICT when taken).",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(
      z.object({
        vendor_id: id,
        invoice_number: z.string().trim().min(1, { error: "must not be empty" }).max(100, { error: "must be at most 100 characters" }),
        purchase_order_id: id,
        invoice_date: date.optional(),
        due_date: date.optional(),
        notes: text(5000).nullish(),
        lines: z
          .array(z.object({ purchase_order_item_id: id, quantity, unit_cost: money }))
          .min(1, { error: "must have at least one line" })
          .max(100, { error: "must have at most 100 lines" }),
      }),
    )
    .output(vendorBillWithLines)
    .mutation(({ ctx, input }) => createVendorBill(ctx.tx, input, ctx.actor)),

  list: moduleProcedure("procurement")
    .meta({ summary: "Vendor bills, oldest first, without lines; optionally of one vendor or in one status." })
    .input(z.object({ ...page, vendor_id: id.optional(), status: vendorInvoicesStatus.optional() }))
    .output(pageOf(vendorInvoicesRow))
    .query(({ ctx, input }) => listVendorBills(ctx.tx, input)),

  get: moduleProcedure("procurement")
    .meta({ summary: "One vendor bill with its lines and its three-way match.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(vendorBillWithLines)
    .query(({ ctx, input }) => loadVendorBill(ctx.tx, input.id)),

  approve: moduleProcedure("procurement", "write")
    .meta({
      summary:
        "Approves a draft bill and posts it: Dr goods received not invoiced (at the order price), Dr/Cr purchase price variance, Dr input tax / Cr payables. A line billing more than was received is CONFLICT; a price variance is CONFLICT unless `override` by a user holding procurement.override (FORBIDDEN otherwise), recorded as overridden_by and a match_override audit row.",
      errors: ["NOT_FOUND", "CONFLICT", "FORBIDDEN", "BAD_REQUEST"],
    })
    .input(z.object({ id, override: z.boolean().optional() }))
    .output(vendorBillWithLines)
    .mutation(({ ctx, input }) =>
      needingRights(() =>
        approveVendorBill(
          ctx.tx,
          { id: input.id, override: input.override, mayOverride: holds(ctx.user, "procurement.override") },
          ctx.actor,
        ),
      ),
    ),
});
