import { vendorPaymentsMethod, vendorPaymentsRow } from "@erp/db-types";
import { createVendorPayment, listVendorPayments, loadVendorPayment, vendorPaymentWithAllocations } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { date, id, money, page, pageOf, text } from "../../validation/fields.ts";

const positive = money.refine((value) => Number(value) > 0, { error: "must be greater than 0" });

export const paymentsRouter = router({
  create: moduleProcedure("procurement", "write")
    .meta({
      summary:
        "Pays a vendor, allocated in full to its approved bills (allocations add up to the amount; part of a bill or all of it); posts Dr payables / Cr bank. CONFLICT when a bill no longer has that much open.",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(
      z.object({
        vendor_id: id,
        amount: positive,
        paid_on: date.optional(),
        method: vendorPaymentsMethod.optional(),
        reference: text(200).nullish(),
        allocations: z
          .array(z.object({ bill_id: id, amount: positive }))
          .min(1, { error: "must have at least one allocation" })
          .max(100, { error: "must have at most 100 allocations" }),
      }),
    )
    .output(vendorPaymentWithAllocations)
    .mutation(({ ctx, input }) => createVendorPayment(ctx.tx, input, ctx.actor)),

  list: moduleProcedure("procurement")
    .meta({ summary: "Vendor payments, oldest first, without allocations; optionally of one vendor." })
    .input(z.object({ ...page, vendor_id: id.optional() }))
    .output(pageOf(vendorPaymentsRow))
    .query(({ ctx, input }) => listVendorPayments(ctx.tx, input)),

  get: moduleProcedure("procurement")
    .meta({ summary: "One vendor payment with its allocations.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(vendorPaymentWithAllocations)
    .query(({ ctx, input }) => loadVendorPayment(ctx.tx, input.id)),
});
