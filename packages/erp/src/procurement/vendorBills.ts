import { ConflictError, InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { vendorInvoiceItemsColumns, vendorInvoiceItemsRow, vendorInvoicesColumns, vendorInvoicesRow } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";
import { postEntry } from "../books/postEntry.ts";
import { compare, normalize, subtract, sum } from "../sales/billing/money.ts";
import { MissingRightError } from "./missingRight.ts";
import { loadProcurementSettings } from "./settings.ts";

/** One bill line held against its order line: what was received and not billed yet, and at what price it was ordered. */
export const matchLine = z.object({
  line_number: z.number(),
  purchase_order_item_id: z.uuid(),
  quantity: z.string(),
  unit_cost: z.string(),
  ordered_unit_cost: z.string(),
  /** Received and not yet billed on approved bills (the bill may take this plus the tolerance). */
  open_to_bill: z.string(),
  /** 'price' and/or 'quantity'; empty when the line matches. */
  issues: z.array(z.enum(["price", "quantity"])),
  detail: z.string().nullable(),
});
export type MatchLine = z.infer<typeof matchLine>;

export const vendorBillWithLines = vendorInvoicesRow.extend({
  lines: z.array(vendorInvoiceItemsRow),
  /** The three-way match as of now (order price × received quantity against the bill), per line. */
  match: z.array(matchLine),
});
export type VendorBillWithLines = z.infer<typeof vendorBillWithLines>;

export type CreateVendorBillInput = {
  vendor_id: string;
  /** The vendor's own number: unique per vendor (a second bill with it answers CONFLICT). */
  invoice_number: string;
  purchase_order_id: string;
  /** YYYY-MM-DD; today when left out. The posting at approval is dated on it. */
  invoice_date?: string | undefined;
  /** Invoice date + the order's payment terms when left out. */
  due_date?: string | undefined;
  notes?: string | null | undefined;
  lines: readonly { purchase_order_item_id: string; quantity: string; unit_cost: string }[];
};

const orderLine = z.object({
  id: z.uuid(),
  lineNumber: z.number(),
  productId: z.uuid(),
  taxRateId: z.uuid().nullable(),
  rate: z.string(),
  description: z.string(),
  unitCost: z.string(),
});

/**
 * Records a vendor's bill against one purchase order as a draft: per line the quantity and
 * price the vendor bills, tax at the order line's rate (rounded to cents), totals summed on the
 * server. Nothing is posted until approval. The three-way match is reported with the bill.
 */
export async function createVendorBill(tx: TenantQueries, input: CreateVendorBillInput, actor: Actor): Promise<VendorBillWithLines> {
  if (input.lines.length === 0) throw new InvalidInputError("lines: a vendor bill needs at least one line.");
  const order = await tx.maybeOne(sql.type(
    z.object({ vendorId: z.uuid(), number: z.string(), status: z.string(), terms: z.number(), currency: z.string() }),
  )`
    SELECT vendor_id AS "vendorId", po_number AS number, status, payment_terms_days AS terms, currency
    FROM purchase_orders WHERE id = ${input.purchase_order_id}`);
  if (!order || order.vendorId !== input.vendor_id) {
    throw new NotFoundError(`purchase_order_id: the vendor has no purchase order ${input.purchase_order_id}.`);
  }
  if (order.status === "draft" || order.status === "cancelled") {
    throw new ConflictError(`Purchase order ${order.number} is ${order.status}: only an approved order can be billed.`);
  }
  const orderLines = await tx.any(sql.type(orderLine)`
    SELECT i.id, i.line_number AS "lineNumber", i.product_id AS "productId", i.tax_rate_id AS "taxRateId",
      coalesce(tr.rate, 0)::text AS rate, coalesce(i.description, p.name) AS description, i.unit_cost::text AS "unitCost"
    FROM purchase_order_items i JOIN products p ON p.id = i.product_id
    LEFT JOIN tax_rates tr ON tr.id = i.tax_rate_id
    WHERE i.purchase_order_id = ${input.purchase_order_id}`);
  const byId = new Map(orderLines.map((line) => [line.id, line]));
  const seen = new Set<string>();
  for (const [index, line] of input.lines.entries()) {
    if (!byId.has(line.purchase_order_item_id)) {
      throw new NotFoundError(`lines.${index}.purchase_order_item_id: the order has no line ${line.purchase_order_item_id}.`);
    }
    if (seen.has(line.purchase_order_item_id))
      throw new InvalidInputError(`lines.${index}.purchase_order_item_id: the line is named twice.`);
    seen.add(line.purchase_order_item_id);
  }
  const dates = await tx.one(sql.type(z.object({ invoiceDate: z.string(), dueDate: z.string() }))`
    SELECT d.invoice_date::text AS "invoiceDate", coalesce(${input.due_date ?? null}::date, d.invoice_date + ${order.terms}::integer)::text AS "dueDate"
    FROM (SELECT coalesce(${input.invoice_date ?? null}::date, current_date) AS invoice_date) d`);
  if (dates.dueDate < dates.invoiceDate) throw new InvalidInputError("due_date: must not be before invoice_date.");

  const billId = await tx.oneFirst(sql.type(z.object({ id: z.uuid() }))`
    INSERT INTO vendor_invoices (invoice_number, vendor_id, purchase_order_id, invoice_date, due_date, status, currency, notes)
    VALUES (${input.invoice_number}, ${input.vendor_id}, ${input.purchase_order_id}, ${dates.invoiceDate}::date, ${dates.dueDate}::date,
      'draft', ${order.currency}, ${input.notes ?? null})
    RETURNING id`);
  await tx.query(sql.unsafe`
    WITH l AS (
      SELECT l.*, round(l.quantity * l.unit_cost, 4) AS net FROM ${sql.unnest(
        input.lines.map((line, index) => {
          const ordered = byId.get(line.purchase_order_item_id) as z.infer<typeof orderLine>;
          return [
            index + 1,
            ordered.id,
            ordered.productId,
            ordered.taxRateId,
            ordered.rate,
            ordered.description,
            line.quantity,
            line.unit_cost,
          ];
        }),
        ["int4", "uuid", "uuid", "uuid", "numeric", "text", "numeric", "numeric"],
      )} AS l(line_number, item_id, product_id, tax_rate_id, rate, description, quantity, unit_cost)
    ), inserted AS (
      INSERT INTO vendor_invoice_items (vendor_invoice_id, line_number, purchase_order_item_id, product_id, tax_rate_id, description,
        quantity, unit_cost, tax_amount, line_total, currency)
      SELECT ${billId}, line_number, item_id, product_id, tax_rate_id, description, quantity, unit_cost, round(net * rate / 100, 2),
        net + round(net * rate / 100, 2), ${order.currency}
      FROM l
      RETURNING quantity, unit_cost, tax_amount, line_total
    )
    UPDATE vendor_invoices SET subtotal = t.net, tax_total = t.tax, grand_total = t.net + t.tax
    FROM (SELECT sum(line_total - tax_amount) AS net, sum(tax_amount) AS tax FROM inserted) t
    WHERE id = ${billId}`);
  const match = await matchBill(tx, billId);
  await tx.query(sql.unsafe`
    UPDATE vendor_invoices SET match_status = ${match.some((line) => line.issues.length > 0) ? "variance" : "matched"} WHERE id = ${billId}`);
  const bill = await loadVendorBill(tx, billId);
  await recordAudit(tx, actor, { action: "create", entity: "vendor_invoices", entityId: billId, after: bill });
  return bill;
}

/**
 * The three-way match of a bill's lines: the price against the order's (within the tenant's
 * price tolerance), the quantity against what was received and not billed yet (within the
 * quantity tolerance of the order line). For an approved bill, its own quantities no longer count
 * as open, so the match shows how it stood.
 */
export async function matchBill(tx: TenantQueries, billId: string): Promise<MatchLine[]> {
  const settings = await loadProcurementSettings(tx);
  const rows = await tx.any(sql.type(
    z.object({
      line_number: z.number(),
      purchase_order_item_id: z.uuid(),
      quantity: z.string(),
      unit_cost: z.string(),
      ordered_unit_cost: z.string(),
      open_to_bill: z.string(),
      price_ok: z.boolean(),
      quantity_ok: z.boolean(),
    }),
  )`
    SELECT b.line_number, b.purchase_order_item_id, b.quantity::text, b.unit_cost::text, i.unit_cost::text AS ordered_unit_cost,
      (i.quantity_received - i.quantity_billed + CASE WHEN v.status = 'draft' THEN 0 ELSE b.quantity END)::numeric(18,4)::text AS open_to_bill,
      abs(b.unit_cost - i.unit_cost) <= i.unit_cost * ${settings.price_tolerance_percent}::numeric / 100 AS price_ok,
      b.quantity <= i.quantity_received * (1 + i.quantity_tolerance_percent / 100) - i.quantity_billed
        + CASE WHEN v.status = 'draft' THEN 0 ELSE b.quantity END AS quantity_ok
    FROM vendor_invoice_items b
    JOIN vendor_invoices v ON v.id = b.vendor_invoice_id
    JOIN purchase_order_items i ON i.id = b.purchase_order_item_id
    WHERE b.vendor_invoice_id = ${billId}
    ORDER BY b.line_number`);
  return rows.map((row) => {
    const issues: ("price" | "quantity")[] = [];
    const details: string[] = [];
    if (!row.price_ok) {
      issues.push("price");
      details.push(`billed at ${row.unit_cost}, ordered at ${row.ordered_unit_cost}`);
    }
    if (!row.quantity_ok) {
      issues.push("quantity");
      details.push(`billed ${row.quantity}, received and not billed ${row.open_to_bill}`);
    }
    const { price_ok: _price, quantity_ok: _quantity, ...line } = row;
    return { ...line, issues, detail: details.length > 0 ? `line ${row.line_number}: ${details.join("; ")}` : null };
  });
}

export type ApproveVendorBillInput = {
  id: string;
  /** Approve despite a price variance (the caller must hold procurement.override); recorded on the bill and in the audit. */
  override?: boolean | undefined;
  /** Whether the caller holds procurement.override. */
  mayOverride?: boolean | undefined;
};

/**
 * Approves a draft bill and posts it. The order is locked first (receipts and other bills of the
 * order queue), then the bill. A line billing more than was received (beyond the tolerance) is
 * never approved (CONFLICT; the CHECK on purchase_order_items refuses it again); a price variance
 * needs `override` by a user holding procurement.override, recorded as overridden_by and a
 * `match_override` audit row. Posting (purchases journal, dated on the invoice date):
 * Dr goods received not invoiced (quantity × order price), Dr purchase price variance (the
 * difference to the billed net, either side), Dr input tax / Cr payables (grand total, tagged with
 * the vendor). The bill becomes approved (unpaid); the order lines' quantity_billed rises.
 */
export async function approveVendorBill(tx: TenantQueries, input: ApproveVendorBillInput, actor: Actor): Promise<VendorBillWithLines> {
  const head = await tx.maybeOne(sql.type(z.object({ orderId: z.uuid().nullable() }))`
    SELECT purchase_order_id AS "orderId" FROM vendor_invoices WHERE id = ${input.id}`);
  if (!head) throw new NotFoundError(`No vendor bill has the id ${input.id}.`);
  if (head.orderId) await tx.query(sql.unsafe`SELECT 1 FROM purchase_orders WHERE id = ${head.orderId} FOR UPDATE`);
  const bill = await tx.one(sql.type(
    z.object({
      number: z.string(),
      status: z.string(),
      vendorId: z.uuid(),
      date: z.string(),
      grand: z.string(),
      tax: z.string(),
      subtotal: z.string(),
    }),
  )`
    SELECT invoice_number AS number, status, vendor_id AS "vendorId", invoice_date::text AS date, grand_total::text AS grand,
      tax_total::text AS tax, subtotal::text AS subtotal
    FROM vendor_invoices WHERE id = ${input.id} FOR UPDATE`);
  if (bill.status !== "draft") throw new ConflictError(`Vendor bill ${bill.number} is ${bill.status}: only a draft bill can be approved.`);
  const match = await matchBill(tx, input.id);
  const quantityIssues = match.filter((line) => line.issues.includes("quantity"));
  if (quantityIssues.length > 0) {
    throw new ConflictError(
      `Vendor bill ${bill.number} bills more than was received: ${quantityIssues.map((line) => line.detail).join("; ")}. Receive the goods first, or ask the vendor for a corrected bill.`,
    );
  }
  const priceIssues = match.filter((line) => line.issues.includes("price"));
  if (priceIssues.length > 0 && !input.override) {
    throw new ConflictError(
      `Vendor bill ${bill.number} does not match its purchase order: ${priceIssues.map((line) => line.detail).join("; ")}. A user with procurement.override may approve it with override.`,
    );
  }
  if (priceIssues.length > 0 && !input.mayOverride) {
    throw new MissingRightError(`override: approving vendor bill ${bill.number} despite its price variance needs procurement.override.`);
  }

  const atOrderPrice = await tx.oneFirst(sql.type(z.object({ amount: z.string() }))`
    SELECT coalesce(sum(round(b.quantity * i.unit_cost, 4)), 0)::text AS amount
    FROM vendor_invoice_items b JOIN purchase_order_items i ON i.id = b.purchase_order_item_id
    WHERE b.vendor_invoice_id = ${input.id}`);
  await tx.query(sql.unsafe`
    UPDATE purchase_order_items i SET quantity_billed = i.quantity_billed + b.quantity, updated_at = now()
    FROM vendor_invoice_items b WHERE b.vendor_invoice_id = ${input.id} AND i.id = b.purchase_order_item_id`);
  const overridden = priceIssues.length > 0;
  await tx.query(sql.unsafe`
    UPDATE vendor_invoices SET status = 'approved', approved_by = ${actor.userId}::uuid, approved_at = clock_timestamp(),
      match_status = ${overridden ? "variance" : "matched"}, overridden_by = ${overridden ? actor.userId : null}::uuid, updated_at = now()
    WHERE id = ${input.id}`);
  const variance = subtract(bill.subtotal, atOrderPrice);
  await postEntry(
    tx,
    {
      date: bill.date,
      journal: "PURCH",
      description: `Vendor bill ${bill.number}`,
      reference: bill.number,
      source: { type: "vendor_invoice", id: input.id },
      lines: [
        { account: "goods_received_not_invoiced", debit: atOrderPrice },
        compare(variance, "0") >= 0
          ? { account: "purchase_price_variance", debit: variance }
          : { account: "purchase_price_variance", credit: normalize(variance.slice(1)) },
        { account: "tax_receivable", debit: bill.tax },
        { account: "payable", credit: bill.grand, vendorId: bill.vendorId },
      ],
    },
    actor,
  );
  const approved = await loadVendorBill(tx, input.id);
  await recordAudit(tx, actor, {
    action: "approve",
    entity: "vendor_invoices",
    entityId: input.id,
    before: { status: "draft" },
    after: { status: approved.status, match_status: approved.match_status, approved_by: approved.approved_by },
  });
  if (overridden) {
    await recordAudit(tx, actor, {
      action: "match_override",
      entity: "vendor_invoices",
      entityId: input.id,
      after: { variances: priceIssues.map((line) => line.detail), subtotal: bill.subtotal, at_order_price: atOrderPrice },
    });
  }
  return approved;
}

export async function loadVendorBill(tx: TenantQueries, billId: string): Promise<VendorBillWithLines> {
  const [bill, lines] = await Promise.all([
    tx.maybeOne(sql.type(vendorInvoicesRow)`SELECT ${vendorInvoicesColumns} FROM vendor_invoices WHERE id = ${billId}`),
    tx.any(sql.type(vendorInvoiceItemsRow)`
      SELECT ${vendorInvoiceItemsColumns} FROM vendor_invoice_items WHERE vendor_invoice_id = ${billId} ORDER BY line_number`),
  ]);
  if (!bill) throw new NotFoundError(`No vendor bill has the id ${billId}.`);
  return { ...bill, lines: [...lines], match: await matchBill(tx, billId) };
}

export async function listVendorBills(
  tx: TenantQueries,
  input: { cursor?: string | undefined; limit: number; vendor_id?: string | undefined; status?: string | undefined },
) {
  const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
  if (input.cursor) conditions.push(sql.fragment`id > ${input.cursor}`);
  if (input.vendor_id) conditions.push(sql.fragment`vendor_id = ${input.vendor_id}`);
  if (input.status) conditions.push(sql.fragment`status = ${input.status}`);
  const rows = await tx.any(sql.type(vendorInvoicesRow)`
    SELECT ${vendorInvoicesColumns} FROM vendor_invoices WHERE ${sql.join(conditions, sql.fragment` AND `)} ORDER BY id LIMIT ${input.limit + 1}`);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

/** The bill's open amount (grand total − paid − credited), as money text. */
export function openAmount(bill: { grand_total: string; amount_paid: string; amount_credited: string }): string {
  return subtract(bill.grand_total, sum([bill.amount_paid, bill.amount_credited]));
}
