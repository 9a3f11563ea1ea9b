import { byCode } from "../reference/loadReference.ts";
import { Calendar } from "./calendar.ts";
import type { Catalog } from "./catalog.ts";
import type { StockEvent, UnitContext } from "./context.ts";
import { decimal } from "./money.ts";
import type { Procurement } from "./procurement.ts";
import type { Sales } from "./sales.ts";

/** Opening stock is counted before the demo history starts (orders reach back 70 days, purchases 64). */
const openingDaysBefore = 80;

/**
 * The stock ledger and the levels it implies, as a warehouse manager checks them: each variant
 * opens with enough stock for everything shipped later plus what open orders reserve plus a
 * buffer (so stock never goes negative), and on hand is exactly the sum of its movements.
 * Returns the value of the opening stock, which finance books as capital.
 */
export function generateInventory(ctx: UnitContext, catalog: Catalog, sales: Sales, procurement: Procurement | null): number {
  const { faker, id, data, reference, calendar } = ctx;
  const warehouse = byCode(reference.warehouses, "MAIN", "warehouse");
  const shipped = new Map<string, number>();
  for (const event of ctx.stockEvents)
    if (event.movementType === "sale") shipped.set(event.variantId, (shipped.get(event.variantId) ?? 0) - event.quantity);
  const reserved = new Map<string, number>();
  for (const order of sales.orders) {
    if (order.shape.status !== "confirmed") continue;
    for (const line of order.lines) reserved.set(line.variant.id, (reserved.get(line.variant.id) ?? 0) + line.quantity);
  }

  let openingValueCents = 0;
  const openedAt = calendar.before(openingDaysBefore, 6 * 60);
  const opening: StockEvent[] = catalog.variants.flat().map((variant) => {
    const quantity = (shipped.get(variant.id) ?? 0) + (reserved.get(variant.id) ?? 0) + faker.number.int({ min: 20, max: 80 });
    openingValueCents += quantity * variant.costCents;
    return {
      id: id(),
      productId: variant.productId,
      variantId: variant.id,
      movementType: "opening",
      quantity,
      unitCostCents: variant.costCents,
      movedAt: openedAt,
      referenceType: null,
      referenceId: null,
    };
  });

  const levels = new Map<string, { onHand: number; lastMovedAt: Date }>();
  for (const event of [...opening, ...ctx.stockEvents]) {
    data.add("stock_movements", {
      id: event.id,
      product_id: event.productId,
      product_variant_id: event.variantId,
      warehouse_id: warehouse.id,
      movement_type: event.movementType,
      quantity: String(event.quantity),
      unit_cost: decimal(event.unitCostCents),
      currency: "USD",
      reference_type: event.referenceType,
      reference_id: event.referenceId,
      moved_at: Calendar.at(event.movedAt),
      note: event.movementType === "opening" ? "Opening stock count" : null,
    });
    const level = levels.get(event.variantId);
    if (!level) levels.set(event.variantId, { onHand: event.quantity, lastMovedAt: event.movedAt });
    else {
      level.onHand += event.quantity;
      if (event.movedAt > level.lastMovedAt) level.lastMovedAt = event.movedAt;
    }
  }

  for (const [index, variant] of catalog.variants.flat().entries()) {
    const level = levels.get(variant.id) as { onHand: number; lastMovedAt: Date };
    const held = reserved.get(variant.id) ?? 0;
    const lastMovementAt = Calendar.at(level.lastMovedAt);
    data.add("inventory", {
      id: id(),
      product_id: variant.productId,
      product_variant_id: variant.id,
      warehouse_id: warehouse.id,
      quantity_on_hand: String(level.onHand),
      // Every movement of a variant (opening, receipts, sales) is at its one cost, so that is its average.
      average_cost: decimal(variant.costCents),
      quantity_reserved: String(held),
      quantity_incoming: String(procurement?.incoming.get(variant.id) ?? 0),
      reorder_point: "10",
      reorder_quantity: "50",
      safety_stock: "5",
      last_counted_at: Calendar.at(openedAt),
      last_movement_at: lastMovementAt,
    });
    data.add("stock_items", {
      id: id(),
      product_id: variant.productId,
      product_variant_id: variant.id,
      warehouse_id: warehouse.id,
      bin_id: reference.bins[index % reference.bins.length]?.id ?? null,
      quantity: String(level.onHand),
      quantity_reserved: String(held),
      last_movement_at: lastMovementAt,
    });
  }
  return openingValueCents;
}
