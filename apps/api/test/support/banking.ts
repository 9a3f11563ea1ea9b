import type { ErpClient } from "@erp/client";
import type { Shop } from "./fixtures.ts";

/** Today as YYYY-MM-DD (every tenant's books have open periods for this year). */
export const today = () => new Date().toISOString().slice(0, 10);

/** The ledger account of posting purpose 'bank' (1010 in every tenant's default chart). */
export async function bankLedgerAccountId(client: ErpClient): Promise<string> {
  const page = await client.finance.accounts.list.query({ search: "1010", limit: 5 });
  const account = page.items.find((item) => item.code === "1010");
  if (!account) throw new Error("The tenant has no account 1010.");
  return account.id;
}

/** An issued invoice for `quantity` mugs (12.50 each, no tax), shipped from the shop. */
export async function invoicedOrder(client: ErpClient, shop: Shop, quantity: number) {
  const order = await client.sales.orders.create.mutate({
    customer_id: shop.customerId,
    lines: [{ product_id: shop.productId, product_variant_id: shop.variantId, quantity }],
  });
  await client.sales.orders.confirm.mutate({ id: order.id });
  await client.sales.shipments.create.mutate({ order_id: order.id });
  return client.sales.invoices.create.mutate({ order_id: order.id });
}

/** A receipt paying the invoice in full, with the customer's payment reference; returns it with its journal entry. */
export async function paidInFull(client: ErpClient, shop: Shop, invoice: { id: string; grand_total: string }, reference: string) {
  const receipt = await client.sales.receipts.create.mutate({
    customer_id: shop.customerId,
    amount: invoice.grand_total,
    reference,
    allocations: [{ invoice_id: invoice.id, amount: invoice.grand_total }],
  });
  if (!receipt.journal_entry_id) throw new Error("The receipt has no journal entry.");
  return { ...receipt, journal_entry_id: receipt.journal_entry_id };
}
