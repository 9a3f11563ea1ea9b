import { InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../../actor.ts";
import { recordAudit } from "../../audit/recordAudit.ts";
import { assertBinInWarehouse } from "../binStock.ts";
import { formatUnits, sumUnits, toUnits } from "../decimalUnits.ts";
import { moveStock, resolveStockKey } from "../moveStock.ts";
import { postStockValue } from "../postStockValue.ts";
import { lockStockTransfer } from "./createStockTransfer.ts";
import { loadStockTransfer, type StockTransferWithLines } from "./loadStockTransfer.ts";

const transferLine = z.object({
  id: z.uuid(),
  productId: z.uuid(),
  variantId: z.uuid().nullable(),
  quantity: z.string(),
  shipped: z.string(),
  received: z.string(),
  unitCost: z.string(),
});
type TransferLine = z.infer<typeof transferLine>;

async function transferLines(tx: TenantQueries, transferId: string): Promise<readonly TransferLine[]> {
  return tx.any(sql.type(transferLine)`
    SELECT id, product_id AS "productId", product_variant_id AS "variantId", quantity::text AS quantity,
      quantity_shipped::text AS shipped, quantity_received::text AS received, unit_cost::text AS "unitCost"
    FROM stock_transfer_items WHERE stock_transfer_id = ${transferId}
    ORDER BY product_id, product_variant_id NULLS FIRST, id`);
}

/**
 * Ships a draft transfer whole: each line leaves the source at its moving average (a
 * `transfer_out` movement referencing the transfer) and records that cost on the line, to travel
 * with the goods. The value moves from inventory to inventory in transit: Dr in transit
 * (Σ quantity × unit cost) / Cr inventory (the source rows' change of worth), rounding to
 * inventory adjustments. Not enough unreserved stock at the source: CONFLICT.
 */
export async function shipStockTransfer(tx: TenantQueries, input: { id: string }, actor: Actor): Promise<StockTransferWithLines> {
  const transfer = await lockStockTransfer(tx, input.id);
  if (!["draft", "requested", "approved"].includes(transfer.status)) {
    throw new InvalidInputError(
      `Stock transfer ${transfer.number} is ${transfer.status.replace("_", " ")}: only a draft transfer can ship.`,
    );
  }
  const reference = { type: "stock_transfer", id: input.id };
  const worth: string[] = [];
  const carried: string[] = [];
  const shipped: [string, string, string][] = [];
  for (const line of await transferLines(tx, input.id)) {
    const key = { product_id: line.productId, product_variant_id: line.variantId, warehouse_id: transfer.fromWarehouseId };
    const { sku } = await resolveStockKey(tx, key);
    const moved = await moveStock(
      tx,
      key,
      sku,
      { type: "transfer_out", change: `-${line.quantity}`, note: `Transfer ${transfer.number}`, reference },
      actor,
    );
    worth.push(moved.valueChange);
    carried.push(moved.movementValue);
    shipped.push([line.id, line.quantity, moved.unitCost]);
  }
  await tx.query(sql.unsafe`
    UPDATE stock_transfer_items t SET quantity_shipped = l.quantity, unit_cost = l.unit_cost, updated_at = now()
    FROM ${sql.unnest(shipped, ["uuid", "numeric", "numeric"])} AS l(id, quantity, unit_cost) WHERE t.id = l.id`);
  await tx.query(sql.unsafe`
    UPDATE stock_transfers SET status = 'in_transit', shipped_at = greatest(now(), requested_at), updated_at = now() WHERE id = ${input.id}`);
  await postStockValue(
    tx,
    {
      description: `Transfer ${transfer.number} shipped: into transit`,
      reference: transfer.number,
      source: reference,
      inventoryChange: sumUnits(worth),
      counter: { account: "inventory_in_transit", amount: sumUnits(carried) },
    },
    actor,
  );
  await recordAudit(tx, actor, {
    action: "ship",
    entity: "stock_transfers",
    entityId: input.id,
    before: { status: transfer.status },
    after: { status: "in_transit", lines: shipped.map(([id, quantity, unit_cost]) => ({ id, quantity, unit_cost })) },
  });
  return loadStockTransfer(tx, input.id);
}

export type ReceiveStockTransferInput = {
  id: string;
  /** What arrived of which line; everything still in transit when left out. */
  lines?: readonly { item_id: string; quantity: string }[] | undefined;
  /** The destination's bin the goods go to, when it has bins; its default put-away bin when left out. */
  to_bin_id?: string | null | undefined;
};

/**
 * Receives a transfer in transit, in part or whole: each line enters the destination at the cost
 * it travelled at (a `transfer_in` movement; the destination's moving average moves accordingly),
 * and the value moves from in transit to inventory: Dr inventory (the destination rows' change of
 * worth) / Cr in transit (Σ quantity × unit cost), rounding to inventory adjustments. The
 * transfer is received when every line has arrived whole, and final from then on.
 */
export async function receiveStockTransfer(
  tx: TenantQueries,
  input: ReceiveStockTransferInput,
  actor: Actor,
): Promise<StockTransferWithLines> {
  const transfer = await lockStockTransfer(tx, input.id);
  if (transfer.status !== "in_transit") {
    throw new InvalidInputError(
      `Stock transfer ${transfer.number} is ${transfer.status.replace("_", " ")}: only a transfer in transit can be received.`,
    );
  }
  await assertBinInWarehouse(tx, input.to_bin_id, transfer.toWarehouseId, "to_bin_id");
  const lines = await transferLines(tx, input.id);
  const left = (line: TransferLine) => toUnits(line.shipped) - toUnits(line.received);
  const wanted = new Map<TransferLine, string>();
  if (!input.lines) {
    for (const line of lines) if (left(line) > 0n) wanted.set(line, formatUnits(left(line)));
  } else {
    if (input.lines.length === 0)
      throw new InvalidInputError("lines: name at least one line, or leave lines out to receive everything in transit.");
    for (const [index, asked] of input.lines.entries()) {
      const line = lines.find((candidate) => candidate.id === asked.item_id);
      if (!line) throw new NotFoundError(`lines.${index}.item_id: stock transfer ${transfer.number} has no line ${asked.item_id}.`);
      if (wanted.has(line)) throw new InvalidInputError(`lines.${index}.item_id: line ${line.id} is named twice.`);
      if (toUnits(asked.quantity) > left(line)) {
        throw new InvalidInputError(
          `lines.${index}.quantity: cannot receive ${asked.quantity}, more than is in transit on the line (${line.shipped} shipped, ${line.received} received).`,
        );
      }
      wanted.set(line, asked.quantity);
    }
  }
  const reference = { type: "stock_transfer", id: input.id };
  const worth: string[] = [];
  const carried: string[] = [];
  for (const [line, quantity] of wanted) {
    const key = { product_id: line.productId, product_variant_id: line.variantId, warehouse_id: transfer.toWarehouseId };
    const { sku } = await resolveStockKey(tx, key);
    const moved = await moveStock(
      tx,
      key,
      sku,
      {
        type: "transfer_in",
        change: quantity,
        unitCost: line.unitCost,
        binId: input.to_bin_id ?? null,
        note: `Transfer ${transfer.number}`,
        reference,
      },
      actor,
    );
    worth.push(moved.valueChange);
    carried.push(moved.movementValue);
  }
  const after = await tx.one(sql.type(z.object({ complete: z.boolean() }))`
    WITH received AS (
      UPDATE stock_transfer_items t SET quantity_received = t.quantity_received + l.quantity, updated_at = now()
      FROM ${sql.unnest(
        [...wanted].map(([line, quantity]) => [line.id, quantity]),
        ["uuid", "numeric"],
      )} AS l(id, quantity)
      WHERE t.id = l.id
      RETURNING t.id, t.quantity_shipped, t.quantity_received
    )
    SELECT coalesce(bool_and(coalesce(r.quantity_received, t.quantity_received) = t.quantity), true) AS complete
    FROM stock_transfer_items t LEFT JOIN received r ON r.id = t.id
    WHERE t.stock_transfer_id = ${input.id}`);
  if (after.complete) {
    await tx.query(sql.unsafe`
      UPDATE stock_transfers SET status = 'received', received_at = greatest(now(), shipped_at), received_by = ${actor.userId}::uuid,
        updated_at = now()
      WHERE id = ${input.id}`);
  }
  await postStockValue(
    tx,
    {
      description: `Transfer ${transfer.number} received: out of transit`,
      reference: transfer.number,
      source: reference,
      inventoryChange: sumUnits(worth),
      counter: { account: "inventory_in_transit", amount: sumUnits(carried) },
    },
    actor,
  );
  await recordAudit(tx, actor, {
    action: "receive",
    entity: "stock_transfers",
    entityId: input.id,
    before: { status: transfer.status },
    after: {
      status: after.complete ? "received" : "in_transit",
      lines: [...wanted].map(([line, quantity]) => ({ id: line.id, quantity, unit_cost: line.unitCost })),
    },
  });
  return loadStockTransfer(tx, input.id);
}

/** Cancels a transfer that has not shipped: nothing had moved, nothing moves. */
export async function cancelStockTransfer(tx: TenantQueries, input: { id: string }, actor: Actor): Promise<StockTransferWithLines> {
  const transfer = await lockStockTransfer(tx, input.id);
  if (!["draft", "requested", "approved"].includes(transfer.status)) {
    throw new InvalidInputError(
      `Stock transfer ${transfer.number} is ${transfer.status.replace("_", " ")}: only a transfer that has not shipped can be cancelled.`,
    );
  }
  await tx.query(sql.unsafe`UPDATE stock_transfers SET status = 'cancelled', updated_at = now() WHERE id = ${input.id}`);
  await recordAudit(tx, actor, {
    action: "cancel",
    entity: "stock_transfers",
    entityId: input.id,
    before: { status: transfer.status },
    after: { status: "cancelled" },
  });
  return loadStockTransfer(tx, input.id);
}
