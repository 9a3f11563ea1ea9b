import { ConflictError, InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { demandPlanLinesColumns, demandPlanLinesRow, demandPlansColumns, demandPlansRow, type demandPlansStatus } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../../actor.ts";
import { recordAudit } from "../../audit/recordAudit.ts";
import { createPurchaseOrder } from "../../procurement/purchaseOrders.ts";

export const demandPlanWithLines = demandPlansRow.extend({ lines: z.array(demandPlanLinesRow) });
export type DemandPlanWithLines = z.infer<typeof demandPlanWithLines>;

/** Purchase orders count as open (still to come) in these states: drafts too, as reorder suggestions count them, so an approved plan's own drafts are not ordered twice. */
export const openPurchaseOrderStates = ["draft", "approved", "sent", "partially_received"] as const;

export type CreateDemandPlanInput = {
  forecast_id: string;
  name?: string | null | undefined;
  /** Where the purchases go; the default warehouse when left out. */
  warehouse_id?: string | null | undefined;
  /** Plan the scenario's projection of the forecast instead of the forecast itself (the scenario must be applied to it). */
  scenario_id?: string | null | undefined;
};

/**
 * A draft demand plan from a forecast run: one line per product over the run's horizon, netted
 * against supply at plan time (docs/modules/analytics-planning.md):
 *
 *   suggested = max(0, ⌈planned + safety stock − available stock − open purchase orders⌉)
 *
 * planned = the forecast's total (or the scenario's projection of it); available = on hand −
 * reserved over every warehouse; open purchase orders = ordered − received on draft, approved,
 * sent and partially received orders; safety stock = the product's inventory rows' safety_stock.
 * Rounded up to whole units: goods are bought in units. The CHECK demand_plan_lines_netting holds
 * every line to the formula; the preferred vendor (product-level entry first) is noted.
 */
export async function createDemandPlan(tx: TenantQueries, input: CreateDemandPlanInput, actor: Actor): Promise<DemandPlanWithLines> {
  const run = await tx.maybeOne(sql.type(z.object({ start: z.iso.date(), end: z.iso.date(), period: z.string() }))`
    SELECT min(f.period_start)::text AS start, max(f.period_end)::text AS "end", r.period
    FROM forecast_runs r JOIN forecasts f ON f.forecast_run_id = r.id WHERE r.id = ${input.forecast_id} GROUP BY r.id`);
  if (!run) throw new NotFoundError(`No forecast has the id ${input.forecast_id}.`);
  const warehouseId = await tx.maybeOneFirst(sql.type(z.object({ id: z.uuid() }))`
    SELECT id FROM warehouses
    WHERE CASE WHEN ${input.warehouse_id ?? null}::uuid IS NULL THEN true ELSE id = ${input.warehouse_id ?? null}::uuid END
    ORDER BY is_default DESC, id LIMIT 1`);
  if (!warehouseId) {
    if (input.warehouse_id) throw new NotFoundError(`No warehouse has the id ${input.warehouse_id}.`);
    throw new InvalidInputError("warehouse_id: the tenant has no warehouse to buy into.");
  }
  const scenarioId = input.scenario_id ?? null;
  if (scenarioId) {
    const scenario = await tx.maybeOne(sql.type(z.object({ code: z.string(), applied: z.boolean() }))`
      SELECT s.code, EXISTS (
        SELECT 1 FROM scenario_results r JOIN forecast_lines l ON l.id = r.forecast_line_id JOIN forecasts f ON f.id = l.forecast_id
        WHERE r.scenario_id = s.id AND f.forecast_run_id = ${input.forecast_id}) AS applied
      FROM scenarios s WHERE s.id = ${scenarioId}`);
    if (!scenario) throw new NotFoundError(`No scenario has the id ${scenarioId}.`);
    if (!scenario.applied)
      throw new InvalidInputError(
        `scenario_id: the scenario ${scenario.code} is not applied to this forecast; project it first (analytics.scenarios.project).`,
      );
  }

  // Plan numbers are per tenant and consecutive; plans are rare, so creations queue on a lock for the tenant's series.
  await tx.query(sql.unsafe`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.demand_plans'))`);
  const planId = await tx.oneFirst(sql.type(z.object({ id: z.uuid() }))`
    INSERT INTO demand_plans (plan_number, name, scenario_id, horizon_start, horizon_end, status, owner_user_id, forecast_run_id, warehouse_id)
    SELECT 'DP-' || lpad((count(*) + 1)::text, 6, '0'),
      coalesce(${input.name ?? null}::text, 'Demand plan ' || ${run.start}::text || ' to ' || ${run.end}::text),
      ${scenarioId}::uuid, ${run.start}::date, ${run.end}::date, 'draft', ${actor.userId}::uuid, ${input.forecast_id}, ${warehouseId}
    FROM demand_plans
    RETURNING id`);
  await tx.query(sql.unsafe`
    INSERT INTO demand_plan_lines (demand_plan_id, product_id, warehouse_id, forecast_id, period_start, period_end, forecast_quantity,
      planned_quantity, available_quantity, on_order_quantity, safety_stock, suggested_quantity, vendor_id)
    SELECT ${planId}, f.product_id, ${warehouseId}, f.id, ${run.start}::date, ${run.end}::date, f.forecast_quantity,
      planned.quantity, supply.available, supply.on_order, supply.safety,
      greatest(0, ceil(planned.quantity + supply.safety - supply.available - supply.on_order)), vp.vendor_id
    FROM forecasts f
    CROSS JOIN LATERAL (
      SELECT CASE WHEN ${scenarioId}::uuid IS NULL THEN f.forecast_quantity ELSE (
        SELECT coalesce(sum(r.projected_value), 0) FROM scenario_results r JOIN forecast_lines l ON l.id = r.forecast_line_id
        WHERE l.forecast_id = f.id AND r.scenario_id = ${scenarioId}::uuid) END AS quantity
    ) planned
    CROSS JOIN LATERAL (
      SELECT
        (SELECT coalesce(sum(quantity_available), 0) FROM inventory WHERE product_id = f.product_id) AS available,
        (SELECT coalesce(sum(safety_stock), 0) FROM inventory WHERE product_id = f.product_id) AS safety,
        (SELECT coalesce(sum(greatest(poi.quantity_ordered - poi.quantity_received, 0)), 0)
         FROM purchase_order_items poi JOIN purchase_orders po ON po.id = poi.purchase_order_id
         WHERE po.status = ANY(${sql.array([...openPurchaseOrderStates], "text")}) AND poi.product_id = f.product_id) AS on_order
    ) supply
    LEFT JOIN LATERAL (
      SELECT vp.vendor_id FROM vendor_products vp JOIN vendors v ON v.id = vp.vendor_id
      WHERE vp.product_id = f.product_id AND vp.is_preferred AND vp.is_active AND v.status NOT IN ('blocked', 'inactive')
      ORDER BY vp.product_variant_id IS NULL DESC, vp.id LIMIT 1
    ) vp ON true
    WHERE f.forecast_run_id = ${input.forecast_id}`);
  await tx.query(sql.unsafe`
    UPDATE demand_plans p SET total_forecast_quantity = t.forecast, total_planned_quantity = t.planned, total_suggested_quantity = t.suggested
    FROM (SELECT sum(forecast_quantity) AS forecast, sum(planned_quantity) AS planned, sum(suggested_quantity) AS suggested
          FROM demand_plan_lines WHERE demand_plan_id = ${planId}) t
    WHERE p.id = ${planId}`);
  const plan = await loadDemandPlan(tx, planId);
  await recordAudit(tx, actor, {
    action: "create",
    entity: "demand_plans",
    entityId: planId,
    after: {
      plan_number: plan.plan_number,
      forecast_run_id: input.forecast_id,
      scenario_id: scenarioId,
      total_suggested_quantity: plan.total_suggested_quantity,
    },
  });
  return plan;
}

export const approvedDemandPlan = demandPlanWithLines.extend({ purchase_order_ids: z.array(z.uuid()) });

/**
 * Approves a draft plan (draft → approved) and turns its suggestions into draft purchase orders
 * through procurement's createPurchaseOrder, one per preferred vendor, into the plan's warehouse,
 * priced like any order. Lines without a vendor or with nothing to buy order nothing; each ordered
 * line records its purchase order.
 */
export async function approveDemandPlan(
  tx: TenantQueries,
  input: { id: string },
  actor: Actor,
): Promise<z.infer<typeof approvedDemandPlan>> {
  const plan = await lockPlan(tx, input.id);
  if (plan.status !== "draft") throw new ConflictError(`The demand plan is ${plan.status}: only a draft plan can be approved.`);
  const lines = await tx.any(sql.type(
    z.object({ id: z.uuid(), productId: z.uuid(), sku: z.string(), vendorId: z.uuid(), quantity: z.string() }),
  )`
    SELECT l.id, l.product_id AS "productId", p.sku, l.vendor_id AS "vendorId", l.suggested_quantity::text AS quantity
    FROM demand_plan_lines l JOIN products p ON p.id = l.product_id
    WHERE l.demand_plan_id = ${input.id} AND l.vendor_id IS NOT NULL AND l.suggested_quantity > 0
    ORDER BY l.vendor_id, p.sku`);
  const byVendor = new Map<string, (typeof lines)[number][]>();
  for (const line of lines) byVendor.set(line.vendorId, [...(byVendor.get(line.vendorId) ?? []), line]);
  const purchaseOrderIds: string[] = [];
  for (const [vendorId, group] of byVendor) {
    let order: Awaited<ReturnType<typeof createPurchaseOrder>>;
    try {
      order = await createPurchaseOrder(
        tx,
        {
          vendor_id: vendorId,
          warehouse_id: plan.warehouse_id,
          notes: `Demand plan ${plan.plan_number}.`,
          lines: group.map((line) => ({ product_id: line.productId, quantity: line.quantity })),
        },
        actor,
      );
    } catch (error) {
      if (error instanceof InvalidInputError) {
        throw new ConflictError(`The plan cannot be ordered yet (${group.map((line) => line.sku).join(", ")}): ${error.message}`);
      }
      throw error;
    }
    purchaseOrderIds.push(order.id);
    await tx.query(sql.unsafe`
      UPDATE demand_plan_lines SET purchase_order_id = ${order.id}, updated_at = now()
      WHERE id = ANY(${sql.array(
        group.map((line) => line.id),
        "uuid",
      )})`);
  }
  await tx.query(sql.unsafe`
    UPDATE demand_plans SET status = 'approved', approved_by_user_id = ${actor.userId}::uuid, approved_at = now(), updated_at = now()
    WHERE id = ${input.id}`);
  await recordAudit(tx, actor, {
    action: "approve",
    entity: "demand_plans",
    entityId: input.id,
    before: { status: plan.status },
    after: { status: "approved", purchase_order_ids: purchaseOrderIds },
  });
  return { ...(await loadDemandPlan(tx, input.id)), purchase_order_ids: purchaseOrderIds };
}

/** Archives a draft plan (draft → archived): it will not be ordered. */
export async function archiveDemandPlan(tx: TenantQueries, input: { id: string }, actor: Actor): Promise<DemandPlanWithLines> {
  const plan = await lockPlan(tx, input.id);
  if (plan.status !== "draft") throw new ConflictError(`The demand plan is ${plan.status}: only a draft plan can be archived.`);
  await tx.query(sql.unsafe`UPDATE demand_plans SET status = 'archived', updated_at = now() WHERE id = ${input.id}`);
  await recordAudit(tx, actor, {
    action: "archive",
    entity: "demand_plans",
    entityId: input.id,
    before: { status: "draft" },
    after: { status: "archived" },
  });
  return loadDemandPlan(tx, input.id);
}

async function lockPlan(tx: TenantQueries, planId: string) {
  const plan = await tx.maybeOne(sql.type(z.object({ status: z.string(), plan_number: z.string(), warehouse_id: z.uuid().nullable() }))`
    SELECT status, plan_number, warehouse_id FROM demand_plans WHERE id = ${planId} FOR UPDATE`);
  if (!plan) throw new NotFoundError(`No demand plan has the id ${planId}.`);
  return plan;
}

/** The plan with its lines (by product sku); NotFoundError when there is none. */
export async function loadDemandPlan(tx: TenantQueries, planId: string): Promise<DemandPlanWithLines> {
  const plan = await tx.maybeOne(sql.type(demandPlansRow)`SELECT ${demandPlansColumns} FROM demand_plans WHERE id = ${planId}`);
  if (!plan) throw new NotFoundError(`No demand plan has the id ${planId}.`);
  const lines = await tx.any(sql.type(demandPlanLinesRow)`
    SELECT ${demandPlanLinesColumns} FROM demand_plan_lines WHERE demand_plan_id = ${planId} ORDER BY product_id, period_start`);
  return { ...plan, lines: [...lines] };
}

export type ListDemandPlansInput = { cursor?: string | undefined; limit: number; status?: z.infer<typeof demandPlansStatus> | undefined };

/** Demand plans (without lines), oldest first, one page. */
export async function listDemandPlans(tx: TenantQueries, input: ListDemandPlansInput) {
  const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
  if (input.cursor) conditions.push(sql.fragment`id > ${input.cursor}`);
  if (input.status) conditions.push(sql.fragment`status = ${input.status}`);
  const rows = await tx.any(sql.type(demandPlansRow)`
    SELECT ${demandPlansColumns} FROM demand_plans WHERE ${sql.join(conditions, sql.fragment` AND `)} ORDER BY id LIMIT ${input.limit + 1}`);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}
