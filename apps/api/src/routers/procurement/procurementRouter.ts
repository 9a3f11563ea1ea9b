import { router } from "../../trpc.ts";
import { billsRouter } from "./bills.ts";
import { debitNotesRouter } from "./debitNotes.ts";
import { goodsReceiptsRouter } from "./goodsReceipts.ts";
import { payablesRouter } from "./payables.ts";
import { paymentsRouter } from "./payments.ts";
import { purchaseOrdersRouter } from "./purchaseOrders.ts";
import { reorderRouter } from "./reorder.ts";
import { settingsRouter } from "./settings.ts";
import { vendorContactsRouter } from "./vendorContacts.ts";
import { vendorsRouter } from "./vendors.ts";

export const procurementRouter = router({
  vendors: vendorsRouter,
  vendorContacts: vendorContactsRouter,
  purchaseOrders: purchaseOrdersRouter,
  goodsReceipts: goodsReceiptsRouter,
  bills: billsRouter,
  payments: paymentsRouter,
  debitNotes: debitNotesRouter,
  payables: payablesRouter,
  reorder: reorderRouter,
  settings: settingsRouter,
});
