import { router } from "../../trpc.ts";
import { creditNotesRouter } from "./creditNotes.ts";
import { addressesRouter, customersRouter } from "./customers.ts";
import { invoicesRouter } from "./invoices.ts";
import { ordersRouter } from "./orders.ts";
import { receiptsRouter } from "./receipts.ts";
import { receivablesRouter } from "./receivables.ts";
import { shipmentsRouter } from "./shipments.ts";

export const salesRouter = router({
  customers: customersRouter,
  addresses: addressesRouter,
  orders: ordersRouter,
  invoices: invoicesRouter,
  creditNotes: creditNotesRouter,
  receipts: receiptsRouter,
  receivables: receivablesRouter,
  shipments: shipmentsRouter,
});
