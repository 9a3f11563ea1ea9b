import { byCode } from "../reference/loadReference.ts";
import { Calendar } from "./calendar.ts";
import type { Catalog, Variant } from "./catalog.ts";
import type { UnitContext } from "./context.ts";
import { emailAddress, numbered } from "./keyTag.ts";
import { decimal, percentOf, sum } from "./money.ts";
import { purchaseOrderShapes } from "./purchaseOrderShapes.ts";

export type VendorInvoice = {
  id: string;
  number: string;
  vendorId: string;
  invoicedAt: Date;
  subtotalCents: number;
  taxCents: number;
  grandCents: number;
};

/** Goods received into stock, at cost: finance books them before (or without) the vendor's invoice. */
export type GoodsReceipt = { id: string; number: string; receivedAt: Date; valueCents: number };

export type Procurement = {
  receipts: GoodsReceipt[];
  vendorInvoices: VendorInvoice[];
  /** Ordered but not yet received, by variant id: inventory's quantity_incoming. */
  incoming: Map<string, number>;
};

/**
 * Vendors and what they supply, purchase orders at cost, goods receipts that put stock in the
 * warehouse (never more than ordered) and the vendors' invoices for fully received orders.
 */
export function generateProcurement(ctx: UnitContext, catalog: Catalog): Procurement {
  const { faker, id, data, tag, volumes, reference, calendar } = ctx;
  const warehouse = byCode(reference.warehouses, "MAIN", "warehouse");
  const each = byCode(reference.units, "EA", "unit of measure");
  const receivingBin = reference.bins[0];

  const vendors = Array.from({ length: volumes.vendors }, (_, k) => {
    const name = faker.company.name();
    return data.add("vendors", {
      id: id(),
      vendor_number: numbered(tag, "V", k + 1),
      name: name.slice(0, 200),
      legal_name: `${name} LLC`,
      email: emailAddress(tag, name, k + 1, "supplier.example.com"),
      phone: faker.phone.number({ style: "national" }),
      tax_id: faker.string.numeric(9),
      status: "active",
      payment_terms_days: 30,
      currency: "USD",
      credit_limit: "50000.00",
    });
  });
  for (const [k, product] of catalog.products.entries()) {
    const variant = catalog.variants[k]?.[0] as Variant;
    data.add("vendor_products", {
      id: id(),
      vendor_id: vendors[k % vendors.length]?.id as string,
      product_id: product.id,
      unit_of_measure_id: each.id,
      vendor_sku: `${product.sku}-V`,
      vendor_product_name: product.name,
      lead_time_days: faker.number.int({ min: 3, max: 21 }),
      min_order_quantity: "10",
      pack_size: "1",
      last_cost: decimal(variant.costCents),
      currency: "USD",
      is_preferred: true,
      is_active: true,
    });
  }

  const result: Procurement = { receipts: [], vendorInvoices: [], incoming: new Map() };
  for (const shape of purchaseOrderShapes(volumes)) {
    const vendor = vendors[shape.vendor] as (typeof vendors)[number];
    const orderedAt = calendar.before(shape.daysBefore, faker.number.int({ min: 9 * 60, max: 17 * 60 }));
    const receivedAt = shape.status === "sent" ? null : Calendar.after(orderedAt, faker.number.int({ min: 5 * 24 * 60, max: 7 * 24 * 60 }));
    const orderId = id();
    const lines = shape.lines.map(({ product, variant: size }, index) => {
      const variant = catalog.variants[product]?.[size] as Variant;
      const quantity = faker.number.int({ min: 2, max: 10 }) * 5;
      const received = shape.status === "received" ? quantity : shape.status === "partially_received" ? quantity / 5 : 0;
      const netCents = quantity * variant.costCents;
      const taxCents = percentOf(netCents, variant.taxRate);
      return { id: id(), number: index + 1, variant, quantity, received, netCents, taxCents };
    });
    const subtotalCents = sum(lines.map((line) => line.netCents));
    const taxCents = sum(lines.map((line) => line.taxCents));
    const number = numbered(tag, "PO", shape.index + 1);
    data.add("purchase_orders", {
      id: orderId,
      po_number: number,
      vendor_id: vendor.id,
      warehouse_id: warehouse.id,
      status: shape.status,
      ordered_at: Calendar.at(orderedAt),
      approved_at: Calendar.at(orderedAt),
      expected_at: Calendar.at(Calendar.after(orderedAt, 7 * 24 * 60)),
      payment_terms_days: 30,
      currency: "USD",
      subtotal: decimal(subtotalCents),
      tax_total: decimal(taxCents),
      grand_total: decimal(subtotalCents + taxCents),
    });
    for (const line of lines) {
      data.add("purchase_order_items", {
        id: line.id,
        purchase_order_id: orderId,
        line_number: line.number,
        product_id: line.variant.productId,
        product_variant_id: line.variant.id,
        unit_of_measure_id: each.id,
        tax_rate_id: line.variant.taxRateId,
        vendor_sku: `${line.variant.sku}-V`,
        description: line.variant.name,
        quantity_ordered: String(line.quantity),
        quantity_received: String(line.received),
        // Fully received orders are billed in full below (an approved bill counts as billed).
        quantity_billed: String(shape.status === "received" ? line.quantity : 0),
        unit_cost: decimal(line.variant.costCents),
        tax_amount: decimal(line.taxCents),
        line_total: decimal(line.netCents + line.taxCents),
        currency: "USD",
      });
      if (line.received < line.quantity)
        result.incoming.set(line.variant.id, (result.incoming.get(line.variant.id) ?? 0) + line.quantity - line.received);
    }
    if (!receivedAt) continue;

    const receipt: GoodsReceipt = {
      id: id(),
      number: numbered(tag, "GRN", shape.index + 1),
      receivedAt,
      valueCents: sum(lines.map((line) => line.received * line.variant.costCents)),
    };
    result.receipts.push(receipt);
    const receiptId = receipt.id;
    data.add("goods_receipt_notes", {
      id: receiptId,
      grn_number: receipt.number,
      purchase_order_id: orderId,
      warehouse_id: warehouse.id,
      received_at: Calendar.at(receivedAt),
      status: "posted",
      delivery_note_number: faker.string.alphanumeric({ length: 10, casing: "upper" }),
      carrier: faker.helpers.arrayElement(["UPS Freight", "XPO", "Old Dominion"]),
    });
    const receiptItemIds = lines.map((line) => {
      const movementId = id();
      ctx.stockEvents.push({
        id: movementId,
        productId: line.variant.productId,
        variantId: line.variant.id,
        movementType: "receipt",
        quantity: line.received,
        unitCostCents: line.variant.costCents,
        movedAt: receivedAt,
        referenceType: "goods_receipt_note",
        referenceId: receiptId,
      });
      return data.add("goods_receipt_items", {
        id: id(),
        grn_id: receiptId,
        purchase_order_item_id: line.id,
        product_id: line.variant.productId,
        product_variant_id: line.variant.id,
        bin_id: receivingBin?.id ?? null,
        stock_movement_id: movementId,
        quantity_received: String(line.received),
        quantity_rejected: "0",
        unit_cost: decimal(line.variant.costCents),
        currency: "USD",
      }).id;
    });
    if (shape.status !== "received") continue;

    const invoice: VendorInvoice = {
      id: id(),
      number: numbered(tag, "VI", shape.index + 1),
      vendorId: vendor.id,
      invoicedAt: receivedAt,
      subtotalCents,
      taxCents,
      grandCents: subtotalCents + taxCents,
    };
    data.add("vendor_invoices", {
      id: invoice.id,
      invoice_number: invoice.number,
      vendor_id: vendor.id,
      purchase_order_id: orderId,
      invoice_date: Calendar.day(receivedAt),
      due_date: Calendar.addDays(Calendar.day(receivedAt), 30),
      received_at: Calendar.at(receivedAt),
      approved_at: Calendar.at(receivedAt),
      status: "approved",
      match_status: "matched",
      currency: "USD",
      subtotal: decimal(subtotalCents),
      tax_total: decimal(taxCents),
      grand_total: decimal(invoice.grandCents),
      amount_paid: "0",
    });
    for (const [index, line] of lines.entries()) {
      data.add("vendor_invoice_items", {
        id: id(),
        vendor_invoice_id: invoice.id,
        line_number: line.number,
        purchase_order_item_id: line.id,
        goods_receipt_item_id: receiptItemIds[index] ?? null,
        product_id: line.variant.productId,
        tax_rate_id: line.variant.taxRateId,
        description: line.variant.name,
        quantity: String(line.quantity),
        unit_cost: decimal(line.variant.costCents),
        tax_amount: decimal(line.taxCents),
        line_total: decimal(line.netCents + line.taxCents),
        currency: "USD",
      });
    }
    result.vendorInvoices.push(invoice);
  }
  return result;
}
