import { taxInvoicesRow, taxInvoicesStatus } from "@erp/db-types";
import { cancelInvoice, createInvoice, invoiceWithLines, listInvoices, loadInvoice } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { date, id, name, page, pageOf } from "../../validation/fields.ts";

export const invoicesRouter = router({
  create: moduleProcedure("sales", "write")
    .meta({
      summary:
        "Invoices what has shipped and is not invoiced yet on each line of an order (the order's shipping on its first invoice); posts Dr receivable / Cr revenue, shipping income, tax payable.",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(z.object({ order_id: id, invoice_date: date.optional() }))
    .output(invoiceWithLines)
    .mutation(({ ctx, input }) => createInvoice(ctx.tx, input, ctx.actor)),

  list: moduleProcedure("sales")
    .meta({ summary: "Invoices, oldest first, without lines." })
    .input(z.object({ ...page, customer_id: id.optional(), status: taxInvoicesStatus.optional() }))
    .output(pageOf(taxInvoicesRow))
    .query(({ ctx, input }) => listInvoices(ctx.tx, input)),

  get: moduleProcedure("sales")
    .meta({ summary: "One invoice with its lines.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(invoiceWithLines)
    .query(({ ctx, input }) => loadInvoice(ctx.tx, input.id)),

  cancel: moduleProcedure("sales", "write")
    .meta({
      summary: "Voids an invoice nothing is paid or credited on: its posting is reversed and the invoiced quantities go back to the order.",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(z.object({ id, reason: name }))
    .output(invoiceWithLines)
    .mutation(({ ctx, input }) => cancelInvoice(ctx.tx, input, ctx.actor)),
});
