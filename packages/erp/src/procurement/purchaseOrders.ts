import { ConflictError, InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { purchaseOrderItemsColumns, purchaseOrderItemsRow, purchaseOrdersColumns, purchaseOrdersRow } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";
import { nextNumber } from "../books/nextNumber.ts";
import { compare } from "../sales/billing/money.ts";
import { MissingRightError } from "./missingRight.ts";
import { loadProcurementSettings } from "./settings.ts";

export const purchaseOrderWithLines = purchaseOrdersRow.extend({ lines: z.array(purchaseOrderItemsRow) });
export type PurchaseOrderWithLines = z.infer<typeof purchaseOrderWithLines>;
export type PurchaseOrderStatus = PurchaseOrderWithLines["status"];

export type PurchaseOrderLineInput = {
  product_id: string;
  product_variant_id?: string | null | undefined;
  quantity: string;
  /** The agreed price; the vendor's price for the product (vendor_products.last_cost), else the catalog cost, when left out. */
  unit_cost?: string | null | undefined;
};

export type CreatePurchaseOrderInput = {
  vendor_id: string;
  /** The warehouse the goods go to; the default warehouse when left out. */
  warehouse_id?: string | null | undefined;
  expected_at?: string | null | undefined;
  vendor_reference?: string | null | undefined;
  notes?: string | null | undefined;
  lines: readonly PurchaseOrderLineInput[];
};

const pricedLine = z.object({
  position: z.number(),
  productId: z.uuid().nullable(),
  variantId: z.uuid().nullable(),
  variantOk: z.boolean(),
  unitCost: z.string().nullable(),
  taxRateId: z.uuid().nullable(),
  description: z.string().nullable(),
  vendorSku: z.string().nullable(),
  net: z.string().nullable(),
  tax: z.string().nullable(),
});

/**
 * A draft purchase order: prices from the vendor's price list (or the line's agreed unit_cost),
 * tax from the product's tax rate (input tax, rounded to cents per line), totals summed on the
 * server; the tenant's quantity tolerance is stamped on every line (the database checks receipts
 * and bills against it). The number comes from the gapless purchase_order series.
 */
export async function createPurchaseOrder(
  tx: TenantQueries,
  input: CreatePurchaseOrderInput,
  actor: Actor,
): Promise<PurchaseOrderWithLines> {
  if (input.lines.length === 0) throw new InvalidInputError("lines: a purchase order needs at least one line.");
  const head = await tx.maybeOne(sql.type(
    z.object({ status: z.string(), terms: z.number(), currency: z.string(), warehouseId: z.uuid().nullable() }),
  )`
    SELECT v.status, v.payment_terms_days AS terms, v.currency,
      (SELECT id FROM warehouses WHERE id = coalesce(${input.warehouse_id ?? null}::uuid,
        (SELECT id FROM warehouses WHERE is_default ORDER BY id LIMIT 1), (SELECT id FROM warehouses ORDER BY id LIMIT 1))) AS "warehouseId"
    FROM vendors v WHERE v.id = ${input.vendor_id}`);
  if (!head) throw new NotFoundError(`No vendor has the id ${input.vendor_id}.`);
  if (head.status === "blocked" || head.status === "inactive") {
    throw new ConflictError(`The vendor is ${head.status}: no purchase order can be placed with it.`);
  }
  if (!head.warehouseId) {
    throw new NotFoundError(
      input.warehouse_id ? `No warehouse has the id ${input.warehouse_id}.` : "The tenant has no warehouse to receive into.",
    );
  }
  const settings = await loadProcurementSettings(tx);
  const lines = await tx.any(sql.type(pricedLine)`
    SELECT l.position, p.id AS "productId", v.id AS "variantId", (l.variant_id IS NULL OR v.id IS NOT NULL) AS "variantOk",
      price.unit::text AS "unitCost", p.tax_rate_id AS "taxRateId", coalesce(v.name, p.name) AS description,
      vp.vendor_sku AS "vendorSku",
      round(l.quantity * price.unit, 4)::text AS net,
      round(round(l.quantity * price.unit, 4) * coalesce(tr.rate, 0) / 100, 2)::text AS tax
    FROM ${sql.unnest(
      input.lines.map((line, index) => [index, line.product_id, line.product_variant_id ?? null, line.quantity, line.unit_cost ?? null]),
      ["int4", "uuid", "uuid", "numeric", "numeric"],
    )} AS l(position, product_id, variant_id, quantity, unit_cost)
    LEFT JOIN products p ON p.id = l.product_id
    LEFT JOIN product_variants v ON v.id = l.variant_id AND v.product_id = p.id
    LEFT JOIN LATERAL (
      SELECT vendor_sku, last_cost FROM vendor_products
      WHERE vendor_id = ${input.vendor_id} AND product_id = p.id AND is_active
        AND (product_variant_id = v.id OR product_variant_id IS NULL)
      ORDER BY product_variant_id IS NULL, id LIMIT 1
    ) vp ON true
    LEFT JOIN tax_rates tr ON tr.id = p.tax_rate_id AND tr.status = 'active' AND NOT tr.is_inclusive
    CROSS JOIN LATERAL (SELECT coalesce(l.unit_cost, vp.last_cost, v.cost_price, p.cost_price) AS unit) price
    ORDER BY l.position`);
  for (const line of lines) {
    if (!line.productId) throw new NotFoundError(`lines.${line.position}.product_id: no product has that id.`);
    if (!line.variantOk) throw new NotFoundError(`lines.${line.position}.product_variant_id: no variant of that product has that id.`);
    if (line.unitCost === null) {
      throw new InvalidInputError(
        `lines.${line.position}.unit_cost: the vendor has no price for the product and it has no cost price; give unit_cost.`,
      );
    }
  }

  const number = await nextNumber(tx, "purchase_order");
  const orderId = await tx.oneFirst(sql.type(z.object({ id: z.uuid() }))`
    INSERT INTO purchase_orders (po_number, vendor_id, warehouse_id, buyer_id, status, expected_at, payment_terms_days, currency,
      vendor_reference, notes)
    VALUES (${number}, ${input.vendor_id}, ${head.warehouseId}, ${actor.userId}::uuid, 'draft', ${input.expected_at ?? null}::timestamptz,
      ${head.terms}, ${head.currency}, ${input.vendor_reference ?? null}, ${input.notes ?? null})
    RETURNING id`);
  await tx.query(sql.unsafe`
    WITH l AS (
      SELECT * FROM ${sql.unnest(
        lines.map((line) => {
          const source = input.lines[line.position] as PurchaseOrderLineInput;
          return [
            line.position + 1,
            line.productId,
            line.variantId,
            line.taxRateId,
            line.vendorSku,
            line.description,
            source.quantity,
            line.unitCost,
            line.tax,
            line.net,
          ];
        }),
        ["int4", "uuid", "uuid", "uuid", "text", "text", "numeric", "numeric", "numeric", "numeric"],
      )} AS l(line_number, product_id, variant_id, tax_rate_id, vendor_sku, description, quantity, unit_cost, tax, net)
    ), inserted AS (
      INSERT INTO purchase_order_items (purchase_order_id, line_number, product_id, product_variant_id, tax_rate_id, vendor_sku,
        description, quantity_ordered, unit_cost, tax_amount, line_total, currency, quantity_tolerance_percent)
      SELECT ${orderId}, line_number, product_id, variant_id, tax_rate_id, vendor_sku, description, quantity, unit_cost, tax, net + tax,
        ${head.currency}, ${settings.quantity_tolerance_percent}::numeric
      FROM l
      RETURNING line_total, tax_amount
    )
    UPDATE purchase_orders SET subtotal = t.total - t.tax, tax_total = t.tax, grand_total = t.total
    FROM (SELECT sum(line_total) AS total, sum(tax_amount) AS tax FROM inserted) t
    WHERE id = ${orderId}`);
  const order = await loadPurchaseOrder(tx, orderId);
  await recordAudit(tx, actor, { action: "create", entity: "purchase_orders", entityId: orderId, after: order });
  return order;
}

export async function loadPurchaseOrder(tx: TenantQueries, orderId: string): Promise<PurchaseOrderWithLines> {
  const [order, lines] = await Promise.all([
    tx.maybeOne(sql.type(purchaseOrdersRow)`SELECT ${purchaseOrdersColumns} FROM purchase_orders WHERE id = ${orderId}`),
    tx.any(sql.type(purchaseOrderItemsRow)`
      SELECT ${purchaseOrderItemsColumns} FROM purchase_order_items WHERE purchase_order_id = ${orderId} ORDER BY line_number`),
  ]);
  if (!order) throw new NotFoundError(`No purchase order has the id ${orderId}.`);
  return { ...order, lines: [...lines] };
}

export type ListPurchaseOrdersInput = {
  cursor?: string | undefined;
  limit: number;
  vendor_id?: string | undefined;
  status?: PurchaseOrderStatus | undefined;
};

export async function listPurchaseOrders(tx: TenantQueries, input: ListPurchaseOrdersInput) {
  const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
  if (input.cursor) conditions.push(sql.fragment`id > ${input.cursor}`);
  if (input.vendor_id) conditions.push(sql.fragment`vendor_id = ${input.vendor_id}`);
  if (input.status) conditions.push(sql.fragment`status = ${input.status}`);
  const rows = await tx.any(sql.type(purchaseOrdersRow)`
    SELECT ${purchaseOrdersColumns} FROM purchase_orders WHERE ${sql.join(conditions, sql.fragment` AND `)} ORDER BY id LIMIT ${input.limit + 1}`);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

/** Which transitions a purchase order allows, from which states. Receipts move sent → partially received → received. */
export const purchaseOrderTransitions = {
  approve: { from: ["draft"], to: "approved" },
  send: { from: ["approved"], to: "sent" },
  close: { from: ["received", "partially_received"], to: "closed" },
  cancel: { from: ["draft", "approved", "sent"], to: "cancelled" },
} as const satisfies Record<string, { from: readonly PurchaseOrderStatus[]; to: PurchaseOrderStatus }>;
export type PurchaseOrderAction = keyof typeof purchaseOrderTransitions;

export type ChangePurchaseOrderInput = {
  id: string;
  action: PurchaseOrderAction;
  /** Whether the caller holds procurement.approve (needed to approve above the tenant's threshold). */
  mayApproveAboveThreshold?: boolean;
  reason?: string | null | undefined;
};

/**
 * One state transition, under the order's lock. Approval records the approver and the time (and
 * the order date); above the tenant's approval threshold it needs procurement.approve. A
 * cancellation is refused once anything was received; closing ends an order received in part
 * (nothing more will come) or in full.
 */
export async function changePurchaseOrderStatus(
  tx: TenantQueries,
  input: ChangePurchaseOrderInput,
  actor: Actor,
): Promise<PurchaseOrderWithLines> {
  const transition = purchaseOrderTransitions[input.action];
  const order = await tx.maybeOne(sql.type(z.object({ status: z.string(), number: z.string(), total: z.string(), received: z.boolean() }))`
    SELECT status, po_number AS number, grand_total::text AS total,
      EXISTS (SELECT 1 FROM purchase_order_items WHERE purchase_order_id = ${input.id} AND quantity_received > 0) AS received
    FROM purchase_orders WHERE id = ${input.id} FOR UPDATE`);
  if (!order) throw new NotFoundError(`No purchase order has the id ${input.id}.`);
  if (!(transition.from as readonly string[]).includes(order.status)) {
    throw new ConflictError(
      `Purchase order ${order.number} is ${order.status}: it can be ${input.action === "send" ? "sent" : `${input.action}d`} only when ${transition.from.join(" or ")}.`,
    );
  }
  if (input.action === "cancel" && order.received) {
    throw new ConflictError(`Purchase order ${order.number} has goods received: close it instead of cancelling it.`);
  }
  if (input.action === "approve") {
    const settings = await loadProcurementSettings(tx);
    if (compare(order.total, settings.approval_threshold) > 0 && !input.mayApproveAboveThreshold) {
      throw new MissingRightError(
        `Purchase order ${order.number} totals ${order.total}, above the approval threshold of ${settings.approval_threshold}: a user with procurement.approve must approve it.`,
      );
    }
  }
  const before = await loadPurchaseOrder(tx, input.id);
  await tx.query(sql.unsafe`
    UPDATE purchase_orders SET status = ${transition.to},
      approved_by = CASE WHEN ${input.action} = 'approve' THEN ${actor.userId}::uuid ELSE approved_by END,
      approved_at = CASE WHEN ${input.action} = 'approve' THEN clock_timestamp() ELSE approved_at END,
      ordered_at = CASE WHEN ${input.action} = 'approve' THEN clock_timestamp() ELSE ordered_at END,
      notes = CASE WHEN ${input.reason ?? null}::text IS NULL THEN notes ELSE concat_ws(E'\\n', notes, ${input.reason ?? null}::text) END,
      updated_at = now()
    WHERE id = ${input.id}`);
  const after = await loadPurchaseOrder(tx, input.id);
  const { lines: _before, ...beforeHead } = before;
  const { lines: _after, ...afterHead } = after;
  await recordAudit(tx, actor, {
    action: input.action,
    entity: "purchase_orders",
    entityId: input.id,
    before: beforeHead,
    after: afterHead,
  });
  return after;
}
