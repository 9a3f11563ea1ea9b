export { type CreateDebitNoteInput, createDebitNote, type DebitNoteWithLines, debitNoteWithLines, loadDebitNote } from "./debitNotes.ts";
export {
  type CreateGoodsReceiptInput,
  createGoodsReceipt,
  type GoodsReceiptWithLines,
  goodsReceiptWithLines,
  listGoodsReceipts,
  loadGoodsReceipt,
} from "./goodsReceipts.ts";
export { MissingRightError } from "./missingRight.ts";
export { type PayablesAging, payablesAging, payablesAgingOf } from "./payablesAging.ts";
export {
  type ChangePurchaseOrderInput,
  type CreatePurchaseOrderInput,
  changePurchaseOrderStatus,
  createPurchaseOrder,
  listPurchaseOrders,
  loadPurchaseOrder,
  type PurchaseOrderAction,
  type PurchaseOrderStatus,
  type PurchaseOrderWithLines,
  purchaseOrderTransitions,
  purchaseOrderWithLines,
} from "./purchaseOrders.ts";
export {
  createReorderPurchaseOrders,
  type ReorderSuggestion,
  reorderResult,
  reorderSuggestion,
  reorderSuggestions,
} from "./reorderSuggestions.ts";
export { loadProcurementSettings, type ProcurementSettings, procurementSettings, updateProcurementSettings } from "./settings.ts";
export {
  type ApproveVendorBillInput,
  approveVendorBill,
  type CreateVendorBillInput,
  createVendorBill,
  listVendorBills,
  loadVendorBill,
  type MatchLine,
  matchBill,
  matchLine,
  openAmount,
  type VendorBillWithLines,
  vendorBillWithLines,
} from "./vendorBills.ts";
export {
  type CreateVendorPaymentInput,
  createVendorPayment,
  listVendorPayments,
  loadVendorPayment,
  type VendorPaymentWithAllocations,
  vendorPaymentWithAllocations,
} from "./vendorPayments.ts";
