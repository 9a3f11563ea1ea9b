import { ConflictError, InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { servicePartsUsedColumns, servicePartsUsedRow, serviceVisitsColumns, serviceVisitsRow } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";
import { moveStock, resolveStockKey } from "../inventory/moveStock.ts";
import { postStockValue } from "../inventory/postStockValue.ts";

const visitContext = z.object({
  visitNumber: z.string(),
  visitStatus: z.string(),
  requestId: z.uuid(),
  requestStatus: z.string(),
  billing: z.string(),
  amcContractId: z.uuid().nullable(),
  homeWarehouseId: z.uuid().nullable(),
});

async function lockVisit(tx: TenantQueries, visitId: string) {
  const visit = await tx.maybeOne(sql.type(visitContext)`
    SELECT v.visit_number AS "visitNumber", v.status AS "visitStatus", r.id AS "requestId", r.status AS "requestStatus", r.billing,
      r.amc_contract_id AS "amcContractId", t.home_warehouse_id AS "homeWarehouseId"
    FROM service_visits v JOIN service_requests r ON r.id = v.service_request_id JOIN technicians t ON t.id = v.technician_id
    WHERE v.id = ${visitId} FOR UPDATE OF v`);
  if (!visit) throw new NotFoundError(`No service visit has the id ${visitId}.`);
  if (visit.requestStatus !== "in_progress") {
    throw new ConflictError(`Visit ${visit.visitNumber}: its request is ${visit.requestStatus}; work is recorded while it is in progress.`);
  }
  return visit;
}

export type CompleteVisitInput = {
  visit_id: string;
  labor_minutes: number;
  work_summary: string;
  travel_km?: string | undefined;
};

/**
 * Records a visit as done: it ends now after labor_minutes on site. A visit of a request under a
 * maintenance contract uses one of the contract's visits; the contract's CHECK refuses a visit
 * beyond its allowance (the work is then chargeable: convert the request to paid first).
 */
export async function completeVisit(tx: TenantQueries, input: CompleteVisitInput, actor: Actor): Promise<z.infer<typeof serviceVisitsRow>> {
  const visit = await lockVisit(tx, input.visit_id);
  if (!["scheduled", "en_route", "in_progress"].includes(visit.visitStatus)) {
    throw new ConflictError(`Visit ${visit.visitNumber} is ${visit.visitStatus}: it cannot be completed.`);
  }
  if (visit.billing === "amc" && visit.amcContractId) {
    const used = await tx.maybeOneFirst(sql.type(z.object({ id: z.uuid() }))`
      UPDATE amc_contracts SET visits_used = visits_used + 1, updated_at = now()
      WHERE id = ${visit.amcContractId} AND visits_used < visits_included RETURNING id`);
    if (!used)
      throw new ConflictError(
        `Visit ${visit.visitNumber}: the maintenance contract's visits are used up; convert the request to a paid job.`,
      );
  }
  const done = await tx.one(sql.type(serviceVisitsRow)`
    UPDATE service_visits v SET status = 'completed', labor_minutes = ${input.labor_minutes}, work_summary = ${input.work_summary},
      travel_km = ${input.travel_km ?? null}::numeric,
      arrived_at = greatest(now() - make_interval(mins => ${input.labor_minutes}), r.reported_at), departed_at = now(), updated_at = now()
    FROM service_requests r WHERE v.id = ${input.visit_id} AND r.id = v.service_request_id
    RETURNING ${sql.join(
      serviceVisitsColumns.sql.split(", ").map((column) => sql.identifier(["v", column])),
      sql.fragment`, `,
    )}`);
  await recordAudit(tx, actor, {
    action: "complete",
    entity: "service_visits",
    entityId: input.visit_id,
    after: { labor_minutes: input.labor_minutes },
  });
  return done;
}

export type UsePartInput = {
  visit_id: string;
  product_id: string;
  product_variant_id?: string | undefined;
  /** Where the part comes from: the technician's home warehouse when left out. */
  warehouse_id?: string | undefined;
  quantity: string;
  /** The price charged on a paid job; the product's base price when left out. */
  unit_price?: string | undefined;
  serial_number?: string | undefined;
};

/**
 * Issues a part on a visit: it leaves stock at moving-average cost (an `issue` movement) and its
 * cost is posted Dr cost of goods sold / Cr inventory. It is billable on a paid job only.
 */
export async function usePart(tx: TenantQueries, input: UsePartInput, actor: Actor): Promise<z.infer<typeof servicePartsUsedRow>> {
  const visit = await lockVisit(tx, input.visit_id);
  if (["cancelled", "no_show"].includes(visit.visitStatus))
    throw new ConflictError(`Visit ${visit.visitNumber} is ${visit.visitStatus}: no parts go on it.`);
  const warehouseId = input.warehouse_id ?? visit.homeWarehouseId;
  if (!warehouseId) throw new InvalidInputError("warehouse_id: the technician has no home warehouse, so name one.");
  const key = { product_id: input.product_id, product_variant_id: input.product_variant_id ?? null, warehouse_id: warehouseId };
  const { sku } = await resolveStockKey(tx, key);
  const price = await tx.one(sql.type(z.object({ price: z.string(), exact: z.boolean() }))`
    WITH p AS (
      SELECT coalesce(${input.unit_price ?? null}::numeric, v.price, pr.base_price) AS price
      FROM products pr LEFT JOIN product_variants v ON v.id = ${input.product_variant_id ?? null}::uuid WHERE pr.id = ${input.product_id}
    )
    SELECT price::text AS price, price * ${input.quantity}::numeric = round(price * ${input.quantity}::numeric, 4) AS exact FROM p`);
  if (!price.exact) throw new InvalidInputError("quantity: quantity × unit price has more than 4 decimals.");
  const moved = await moveStock(
    tx,
    key,
    sku,
    {
      type: "issue",
      change: `-${input.quantity}`,
      note: `Visit ${visit.visitNumber}`,
      reference: { type: "service_visit", id: input.visit_id },
    },
    actor,
  );
  const part = await tx.one(sql.type(servicePartsUsedRow)`
    INSERT INTO service_parts_used (service_visit_id, product_id, product_variant_id, warehouse_id, stock_movement_id, serial_number,
      quantity, unit_price, is_billable)
    VALUES (${input.visit_id}, ${input.product_id}, ${input.product_variant_id ?? null}::uuid, ${warehouseId}, ${moved.movement_id},
      ${input.serial_number ?? null}, ${input.quantity}, ${price.price}, ${visit.billing === "paid"})
    RETURNING ${servicePartsUsedColumns}`);
  await postStockValue(
    tx,
    {
      description: `Visit ${visit.visitNumber}: ${input.quantity} × ${sku} used`,
      reference: visit.visitNumber,
      source: { type: "stock_movement", id: moved.movement_id },
      inventoryChange: moved.valueChange,
      counter: { account: "cost_of_goods_sold", amount: moved.valueChange },
    },
    actor,
  );
  await recordAudit(tx, actor, {
    action: "use_part",
    entity: "service_parts_used",
    entityId: part.id,
    after: { sku, quantity: input.quantity },
  });
  return part;
}

/** A request's visits, oldest first. */
export async function listVisits(
  tx: TenantQueries,
  filter: { service_request_id?: string | undefined; technician_id?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
  if (filter.cursor) conditions.push(sql.fragment`id > ${filter.cursor}`);
  if (filter.service_request_id) conditions.push(sql.fragment`service_request_id = ${filter.service_request_id}`);
  if (filter.technician_id) conditions.push(sql.fragment`technician_id = ${filter.technician_id}`);
  const rows = await tx.any(sql.type(serviceVisitsRow)`
    SELECT ${serviceVisitsColumns} FROM service_visits WHERE ${sql.join(conditions, sql.fragment` AND `)} ORDER BY id LIMIT ${filter.limit + 1}`);
  const items = rows.slice(0, filter.limit);
  return { items, nextCursor: rows.length > filter.limit ? (items.at(-1)?.id ?? null) : null };
}
