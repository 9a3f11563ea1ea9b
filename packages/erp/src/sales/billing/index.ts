// Order-to-cash, billing side: invoices, credit notes, receipts and what customers owe.
export { type CancelInvoiceInput, cancelInvoice } from "./cancelInvoice.ts";
export {
  type CreateCreditNoteInput,
  type CreditNoteWithLines,
  createCreditNote,
  creditNoteWithLines,
  loadCreditNote,
} from "./createCreditNote.ts";
export { type CreateInvoiceInput, createInvoice } from "./createInvoice.ts";
export {
  type CreateReceiptInput,
  createReceipt,
  loadReceipt,
  type ReceiptMethod,
  type ReceiptWithAllocations,
  receiptWithAllocations,
} from "./createReceipt.ts";
export { type CustomerStatement, customerStatement, customerStatementOf, type StatementInput } from "./customerStatement.ts";
export { type InvoiceFilter, type InvoiceWithLines, invoiceWithLines, listInvoices, loadInvoice } from "./loadInvoice.ts";
export { type ReceivablesAging, receivablesAging, receivablesAgingOf } from "./receivablesAging.ts";
