import type { ErpClient } from "@erp/client";
import { expect } from "vitest";
import { text, units } from "./money.ts";
import { type ModelProduct, OrderToCashModel } from "./orderToCashModel.ts";

/** One rule's outcome, as checkInvariants reports it. */
export type RuleResult = { name: string; ok: boolean; detail: string };

/** The tenant the commands run against, with what they need to name: ids, dates, accounts. */
export type OrderToCashReal = {
  client: ErpClient;
  today: string;
  warehouseId: string;
  products: readonly { productId: string; variantId: string }[];
  customers: readonly string[];
  accounts: { expense: string; bank: string; receivable: string; inventory: string };
  /** A past month that the period commands close and reopen, and a date in it. */
  closablePeriod: { id: string; date: string };
  /** A past date whose period stays open. */
  openPastDate: string;
  /** Every rule of the tenant's data (checkInvariants over the test database). */
  invariants: () => Promise<RuleResult[]>;
  /** Commands run so far over all sequences (refusals included), for the run's summary. */
  stats: { operations: number; refusals: number; sequences: number; kinds: Record<string, number> };
};

/** The catalog every sequence starts from: three products, two of them taxed at 7.25 %. */
export const catalog: readonly (ModelProduct & { sku: string; taxed: boolean; initialStock: number; initialCost: string })[] = [
  { sku: "MUG", unitPrice: units("12.50"), taxRate: 0n, taxed: false, initialStock: 20, initialCost: "4.10" },
  { sku: "WIDGET", unitPrice: units("3.33"), taxRate: units("7.25"), taxed: true, initialStock: 30, initialCost: "1.37" },
  { sku: "LAMP", unitPrice: units("19.99"), taxRate: units("7.25"), taxed: true, initialStock: 12, initialCost: "8.05" },
];
export const customerCount = 3;
/** Credit limits per customer (0: none); customer 2 is held to 150.00, so confirmations meet credit control. */
export const creditLimits: readonly bigint[] = [0n, 0n, units("150")];

/**
 * Provisions nothing: sets up the catalog, stock and customers on a fresh growth tenant (no demo
 * data) through the API, and returns the tenant and the model of it. `taxRateId` is a 7.25 % rate
 * in the tenant's tax_rates (no API manages tax rates yet).
 */
export async function openOrderToCash(
  client: ErpClient,
  taxRateId: string,
  invariants: () => Promise<RuleResult[]>,
  stats: OrderToCashReal["stats"],
): Promise<{ real: OrderToCashReal; model: OrderToCashModel }> {
  const today = new Date().toISOString().slice(0, 10);
  const lastYear = Number(today.slice(0, 4)) - 1;
  const warehouse = await client.inventory.warehouses.create.mutate({ code: "MAIN", name: "Main warehouse", is_default: true });
  const model = new OrderToCashModel(catalog, creditLimits);
  const products: { productId: string; variantId: string }[] = [];
  for (const [index, item] of catalog.entries()) {
    const price = (Number(item.unitPrice) / 10_000).toFixed(2);
    const product = await client.catalog.products.create.mutate({
      sku: item.sku,
      name: item.sku.toLowerCase(),
      base_price: price,
      status: "active",
      ...(item.taxed ? { tax_rate_id: taxRateId } : {}),
      variants: [{ sku: `${item.sku}-1`, name: `${item.sku.toLowerCase()} one`, price, status: "active" }],
    });
    const variantId = product.variants[0]?.id ?? "";
    products.push({ productId: product.id, variantId });
    await client.inventory.stock.receive.mutate({
      product_id: product.id,
      product_variant_id: variantId,
      warehouse_id: warehouse.id,
      quantity: item.initialStock,
      unit_cost: item.initialCost,
    });
    const stock = model.stock[index];
    if (stock) {
      stock.onHand = BigInt(item.initialStock) * 10_000n;
      stock.averageCost = units(item.initialCost);
    }
  }
  const customers: string[] = [];
  for (let index = 0; index < customerCount; index++) {
    const customer = await client.sales.customers.create.mutate({
      name: `Customer ${index}`,
      email: `customer${index}@o2c.test`,
      payment_terms_days: 30,
      credit_limit: text(creditLimits[index] ?? 0n),
    });
    customers.push(customer.id);
  }
  const accounts = (await client.finance.accounts.list.query({ limit: 100 })).items;
  const account = (code: string) => accounts.find((row) => row.code === code)?.id ?? "";
  const periods = (await client.finance.periods.list.query({})).items;
  const closable = periods.find((period) => period.start_date === `${lastYear}-01-01`);
  expect(closable, "the previous year's January exists at provisioning").toBeDefined();
  return {
    model,
    real: {
      client,
      today,
      warehouseId: warehouse.id,
      products,
      customers,
      accounts: { expense: account("6100"), bank: account("1010"), receivable: account("1200"), inventory: account("1300") },
      closablePeriod: { id: closable?.id ?? "", date: `${lastYear}-01-15` },
      openPastDate: `${lastYear}-06-15`,
      invariants,
      stats,
    },
  };
}
