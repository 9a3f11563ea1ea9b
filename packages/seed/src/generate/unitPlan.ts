import type { Module } from "@erp/tenancy";
import type { SeedTable } from "../db/seedTables.ts";
import { leaveTypeDefinitions } from "../reference/hrReference.ts";
import type { TierSpec } from "../tiers/tierSpec.ts";
import { isCounted, isShipped, type OrderShape, orderShapes, statusTransitions, variantsPerProduct } from "./orderShapes.ts";
import { purchaseOrderShapes } from "./purchaseOrderShapes.ts";
import { serviceRequestShapes } from "./serviceShapes.ts";

export type TableCounts = Partial<Record<SeedTable, number>>;

const lineCount = (shapes: readonly { lines: readonly unknown[] }[]) => shapes.reduce((total, shape) => total + shape.lines.length, 0);

/**
 * The rows one unit of a tier's volumes adds, table by table, worked out from the same shapes
 * the generators follow (which order is shipped, how many lines it has, ...), so the demo data's
 * size is known without generating it. The tests hold the database to these numbers.
 */
export function unitPlan(spec: TierSpec): TableCounts {
  const v = spec.volumes;
  const serves = (module: Module) => spec.modules.includes(module);
  const variants = v.products * variantsPerProduct;
  const orders = orderShapes(v);
  const shipped = orders.filter(isShipped);
  const delivered = orders.filter((order) => order.status === "delivered");
  const counts: TableCounts = {
    categories: v.categories,
    brands: v.brands,
    products: v.products,
    product_variants: variants,
    price_list_items: variants,
    customers: v.customers,
    customer_addresses: 2 * v.customers,
    orders: orders.length,
    order_items: lineCount(orders),
    order_status_history: orders.reduce((total, order) => total + statusTransitions[order.status].length, 0),
    shipments: shipped.length,
    shipment_items: lineCount(shipped),
    payments: delivered.length,
    inventory: variants,
    stock_items: variants,
    stock_reservations: lineCount(orders.filter((order) => order.status === "confirmed")),
  };
  // Opening stock for every variant, one movement per shipped line, one per received purchase line.
  let movements = variants + lineCount(shipped);

  const purchaseOrders = serves("procurement") ? purchaseOrderShapes(v) : [];
  const receivedOrders = purchaseOrders.filter((order) => order.status !== "sent");
  const invoicedOrders = purchaseOrders.filter((order) => order.status === "received");
  if (serves("procurement")) {
    movements += lineCount(receivedOrders);
    Object.assign(counts, {
      vendors: v.vendors,
      vendor_products: v.products,
      purchase_orders: purchaseOrders.length,
      purchase_order_items: lineCount(purchaseOrders),
      goods_receipt_notes: receivedOrders.length,
      goods_receipt_items: lineCount(receivedOrders),
      vendor_invoices: invoicedOrders.length,
      vendor_invoice_items: lineCount(invoicedOrders),
    });
  }
  counts.stock_movements = movements;

  if (serves("finance")) {
    // Entries: opening stock (2 lines), each shipment (cost of goods, inventory: 2), each shipped
    // order's invoice (receivable, sales, shipping, tax: 4), each payment (bank, receivable: 2), each
    // goods receipt (inventory, goods received not invoiced: 2), each vendor invoice (goods received
    // not invoiced, input tax, payable: 3). Every posted line has its ledger row.
    const journalLines = 2 + 6 * shipped.length + 2 * delivered.length + 2 * receivedOrders.length + 3 * invoicedOrders.length;
    Object.assign(counts, {
      journal_entries: 1 + 2 * shipped.length + delivered.length + receivedOrders.length + invoicedOrders.length,
      journal_lines: journalLines,
      general_ledger: journalLines,
      tax_invoices: shipped.length,
      tax_invoice_items: lineCount(shipped) + shipped.length,
      payment_receipts: delivered.length,
      receipt_allocations: delivered.length,
    });
  }
  if (serves("cms"))
    Object.assign(counts, {
      media_assets: v.banners,
      cms_pages: v.cmsPages,
      cms_page_versions: v.cmsPages,
      banners: v.banners,
      faqs: v.faqs,
    });
  if (serves("channels")) {
    Object.assign(counts, {
      dealers: v.dealers,
      franchisees: v.franchisees,
      community_partners: v.communityPartners,
      channel_products: v.products,
      channel_orders: orders.filter((order) => order.channel === "web").length,
      dealer_orders: orders.filter((order) => order.channel === "dealer").length,
      // Web and dealer orders are attributed to their channel (dealer orders to their dealer);
      // one channel-wide commission rule for the dealer channel.
      order_attributions: orders.filter((order) => order.channel === "web" || order.channel === "dealer").length,
    });
  }
  if (serves("service")) {
    const requests = serviceRequestShapes(v);
    Object.assign(counts, {
      technicians: v.technicians,
      amc_contracts: v.amcContracts,
      service_requests: requests.length,
      // one history row per request, written by the database's trigger as the request goes in
      service_request_status_history: requests.length,
      service_assignments: requests.filter((request) => request.assigned).length,
      service_visits: requests.filter((request) => request.visited).length,
    });
  }
  if (serves("analytics")) {
    Object.assign(counts, {
      customer_metrics: v.customers,
      forecasts: v.products,
      product_sales_daily: productDays(orders).size,
      customer_sales_daily: new Set(orders.filter(isCounted).map((order) => `${order.daysBefore}|${order.customer}`)).size,
    });
  }
  if (serves("hr")) {
    Object.assign(counts, {
      employees: v.employees,
      employee_salaries: v.employees,
      leave_balances: v.employees * leaveTypeDefinitions.length,
      leave_accruals: v.employees * leaveTypeDefinitions.filter((type) => Number(type.days_per_year) > 0).length,
    });
  }
  return counts;
}

/** (day, product) pairs with sales; an order's day is its position (one order a day in a unit). */
export function productDays(orders: readonly OrderShape[]): Set<string> {
  const pairs = new Set<string>();
  for (const order of orders) if (isCounted(order)) for (const line of order.lines) pairs.add(`${order.daysBefore}|${line.product}`);
  return pairs;
}
