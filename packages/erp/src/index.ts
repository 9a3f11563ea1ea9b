export { type Actor, systemActor } from "./actor.ts";
export * from "./analytics/index.ts";
export * as planning from "./analytics/planning/index.ts";
export { type AuditEvent, changedFields, recordAudit } from "./audit/recordAudit.ts";
export * from "./banking/index.ts";
export { type NumberedDocument, nextNumber } from "./books/nextNumber.ts";
export { type JournalCode, type PostedEntry, type Posting, type PostingLine, postEntry } from "./books/postEntry.ts";
export type { PostingPurpose } from "./books/postingAccounts.ts";
export * from "./channels/index.ts";
export * as cms from "./cms/index.ts";
export * as finance from "./finance/index.ts";
export * as hr from "./hr/index.ts";
export { checkInvariants, invariants } from "./invariants/checkInvariants.ts";
export type { Invariant, InvariantResult } from "./invariants/invariant.ts";
export { type CreateStockCountInput, createStockCount } from "./inventory/counts/createStockCount.ts";
export { listStockCounts, loadStockCount, type StockCountWithLines, stockCountWithLines } from "./inventory/counts/loadStockCount.ts";
export { cancelStockCount, postStockCount } from "./inventory/counts/postStockCount.ts";
export { type RecordStockCountInput, recordStockCount } from "./inventory/counts/recordStockCount.ts";
export { formatUnits, sumUnits, toUnits } from "./inventory/decimalUnits.ts";
export { type Movement, moveStock, resolveStockKey, type StockChange, type StockKey, stockChange } from "./inventory/moveStock.ts";
export {
  type AdjustStockInput,
  adjustStock,
  type ReceiveStockInput,
  receiveStock,
  type TransferStockInput,
  transferStock,
} from "./inventory/stockOperations.ts";
export { type StockValuationReport, stockValuation, stockValuationReport } from "./inventory/stockValuation.ts";
export { type CreateStockTransferInput, createStockTransfer } from "./inventory/transfers/createStockTransfer.ts";
export {
  listStockTransfers,
  loadStockTransfer,
  type StockTransferWithLines,
  stockTransferWithLines,
} from "./inventory/transfers/loadStockTransfer.ts";
export {
  cancelStockTransfer,
  type ReceiveStockTransferInput,
  receiveStockTransfer,
  shipStockTransfer,
} from "./inventory/transfers/shipStockTransfer.ts";
export * as masterData from "./masterData/index.ts";
export * from "./procurement/index.ts";
export * from "./sales/billing/index.ts";
export { changeOrderStatus, type OrderAction, type OrderStatus, orderTransitions } from "./sales/orders/changeOrderStatus.ts";
export { type CreateOrderInput, createOrder } from "./sales/orders/createOrder.ts";
export { loadOrder, type OrderWithLines, orderWithLines } from "./sales/orders/loadOrder.ts";
export { type CreateShipmentInput, createShipment } from "./sales/shipments/createShipment.ts";
export { listShipments, loadShipment, type ShipmentWithLines, shipmentWithLines } from "./sales/shipments/loadShipment.ts";
export * as service from "./service/index.ts";
