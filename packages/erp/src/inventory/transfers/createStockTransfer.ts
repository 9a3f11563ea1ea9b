import { InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../../actor.ts";
import { recordAudit } from "../../audit/recordAudit.ts";
import { nextNumber } from "../../books/nextNumber.ts";
import { resolveStockKey } from "../moveStock.ts";
import { loadStockTransfer, type StockTransferWithLines } from "./loadStockTransfer.ts";

export type CreateStockTransferInput = {
  from_warehouse_id: string;
  to_warehouse_id: string;
  lines: readonly { product_id: string; product_variant_id?: string | null | undefined; quantity: string }[];
  expected_at?: string | null | undefined;
  carrier?: string | null | undefined;
  tracking_number?: string | null | undefined;
  note?: string | null | undefined;
};

/**
 * Plans a transfer between two warehouses (status draft, gapless ST number): nothing moves until
 * it ships (shipStockTransfer). The direct, instant transfer stays inventory.stock.transfer.
 */
export async function createStockTransfer(
  tx: TenantQueries,
  input: CreateStockTransferInput,
  actor: Actor,
): Promise<StockTransferWithLines> {
  if (input.from_warehouse_id === input.to_warehouse_id)
    throw new InvalidInputError("to_warehouse_id: must differ from from_warehouse_id.");
  if (input.lines.length === 0) throw new InvalidInputError("lines: name at least one product to transfer.");
  const seen = new Set<string>();
  for (const [index, line] of input.lines.entries()) {
    const key = `${line.product_id}/${line.product_variant_id ?? ""}`;
    if (seen.has(key)) throw new InvalidInputError(`lines.${index}: the product (variant) is named twice.`);
    seen.add(key);
    await resolveStockKey(tx, { ...line, warehouse_id: input.from_warehouse_id });
  }
  const [first] = input.lines;
  if (first) await resolveStockKey(tx, { ...first, warehouse_id: input.to_warehouse_id });
  const number = await nextNumber(tx, "stock_transfer");
  const transferId = await tx.oneFirst(sql.type(z.object({ id: z.uuid() }))`
    WITH transfer AS (
      INSERT INTO stock_transfers (transfer_number, from_warehouse_id, to_warehouse_id, status, expected_at, carrier, tracking_number, note,
        requested_by)
      VALUES (${number}, ${input.from_warehouse_id}, ${input.to_warehouse_id}, 'draft', ${input.expected_at ?? null}::timestamptz,
        ${input.carrier ?? null}, ${input.tracking_number ?? null}, ${input.note ?? null}, ${actor.userId}::uuid)
      RETURNING id
    ), items AS (
      INSERT INTO stock_transfer_items (stock_transfer_id, product_id, product_variant_id, quantity)
      SELECT transfer.id, l.product_id, l.product_variant_id, l.quantity
      FROM transfer, ${sql.unnest(
        input.lines.map((line) => [line.product_id, line.product_variant_id ?? null, line.quantity]),
        ["uuid", "uuid", "numeric"],
      )} AS l(product_id, product_variant_id, quantity)
    )
    SELECT id FROM transfer`);
  await recordAudit(tx, actor, {
    action: "create",
    entity: "stock_transfers",
    entityId: transferId,
    after: {
      transfer_number: number,
      from_warehouse_id: input.from_warehouse_id,
      to_warehouse_id: input.to_warehouse_id,
      lines: input.lines,
    },
  });
  return loadStockTransfer(tx, transferId);
}

/** Locks a transfer for a transition; NotFoundError when the tenant has no such transfer. */
export async function lockStockTransfer(
  tx: TenantQueries,
  transferId: string,
): Promise<{ number: string; status: string; fromWarehouseId: string; toWarehouseId: string }> {
  const transfer = await tx.maybeOne(sql.type(
    z.object({ number: z.string(), status: z.string(), fromWarehouseId: z.uuid(), toWarehouseId: z.uuid() }),
  )`
    SELECT transfer_number AS number, status, from_warehouse_id AS "fromWarehouseId", to_warehouse_id AS "toWarehouseId"
    FROM stock_transfers WHERE id = ${transferId} FOR UPDATE`);
  if (!transfer) throw new NotFoundError(`No stock transfer has the id ${transferId}.`);
  return transfer;
}
