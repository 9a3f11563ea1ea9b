import { findPgError } from "@erp/db";
import { checkInvariants } from "@erp/erp";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectStockRulesHold, postingsOf } from "./support/books.ts";
import { expectCode } from "./support/expectCode.ts";
import { openShop, type Shop } from "./support/fixtures.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

let api: TestApi;
let tenant: TestTenant;
let other: TestTenant;
let shop: Shop;
let eastId: string;

const missing = "01a21242-e4ff-708f-a474-e3f555de7dd8";

beforeAll(async () => {
  api = await startTestApi();
  [tenant, other] = await Promise.all([api.provision("depth"), api.provision("depthb")]);
  shop = await openShop(tenant.client, "D", 10);
  eastId = (await tenant.client.inventory.warehouses.create.mutate({ code: "EAST", name: "East" })).id;
});
afterAll(async () => api?.close());

/** Runs one statement on the tenant's schema directly (as psql would), to prove the database refuses it. */
async function direct(statement: (table: (name: string) => ReturnType<typeof sql.identifier>) => ReturnType<typeof sql.unsafe>) {
  return api.db.pool.query(statement((name) => sql.identifier([`tenant_${tenant.slug}`, name])));
}

async function onHand(variantId: string, warehouseId: string) {
  const page = await tenant.client.inventory.stock.levels.query({ warehouse_id: warehouseId, limit: 100 });
  return page.items.find((row) => row.product_variant_id === variantId);
}

describe("inventory.counts", () => {
  test("a count posts counted − book quantity at the moment each line was counted; movements before and after it stay", async () => {
    const { counts, stock } = tenant.client.inventory;
    const item = await openShop(tenant.client, "CNT", 20);
    const key = { product_id: item.productId, product_variant_id: item.variantId, warehouse_id: item.warehouseId };
    const count = await counts.create.mutate({ warehouse_id: item.warehouseId, note: "cycle A" });
    expect(count).toMatchObject({ status: "in_progress", zone_id: null });
    expect(count.count_number).toMatch(/^SC-\d+$/);
    const line = count.lines.find((candidate) => candidate.product_variant_id === item.variantId);
    expect(line).toMatchObject({ expected_quantity: "20.0000", counted_quantity: null, book_quantity: null });

    // While the count runs: 5 come in before the line is counted, 3 leave after it.
    await stock.receive.mutate({ ...key, quantity: 5, unit_cost: "5" });
    const recorded = await counts.record.mutate({ id: count.id, lines: [{ item_id: line?.id ?? "", counted_quantity: "24" }] });
    expect(recorded.lines.find((candidate) => candidate.id === line?.id)).toMatchObject({
      counted_quantity: "24.0000",
      book_quantity: "25.0000",
      expected_quantity: "20.0000",
      variance: "4.0000",
    });
    await stock.adjust.mutate({ ...key, quantity_change: -3, note: "broken after counting" });

    const posted = await counts.post.mutate({ id: count.id });
    expect(posted.status).toBe("posted");
    expect(posted.posted_at).not.toBeNull();
    // One unit short at the count: 25 booked, 24 on the shelf; the 3 broken later stay gone.
    expect((await onHand(item.variantId, item.warehouseId))?.quantity_on_hand).toBe("21.0000");
    expect(posted.lines.find((candidate) => candidate.id === line?.id)?.unit_cost).toBe("5.0000");
    // Lines not counted changed nothing: the shop's own item is as it was.
    expect((await onHand(shop.variantId, shop.warehouseId))?.quantity_on_hand).toBe("10.0000");
    expect(await postingsOf(api, tenant.slug, "stock_count", count.id)).toEqual([
      ["1300", "0.0000", "5.0000"],
      ["5100", "5.0000", "0.0000"],
    ]);
    const moved = await stock.movements.query({ product_id: item.productId, movement_type: "adjustment", limit: 100 });
    expect(moved.items.filter((movement) => movement.reference_id === count.id).map((movement) => movement.quantity)).toEqual(["-1.0000"]);
    await expectStockRulesHold(api, tenant.slug);

    // Posted is final: the API refuses a second post, new figures and a cancel ...
    expect(await expectCode(counts.post.mutate({ id: count.id }), "BAD_REQUEST")).toMatch(
      /is posted: only counts in progress can be posted/,
    );
    await expectCode(counts.record.mutate({ id: count.id, lines: [{ item_id: line?.id ?? "", counted_quantity: 1 }] }), "BAD_REQUEST");
    await expectCode(counts.cancel.mutate({ id: count.id }), "BAD_REQUEST");
    // ... and so does the database, whoever writes.
    const edit = await direct((t) => sql.unsafe`UPDATE ${t("stock_counts")} SET note = 'rewritten' WHERE id = ${count.id}`).catch((e) => e);
    expect(findPgError(edit)?.code).toBe("23000");
    expect(String(edit.message ?? edit)).toMatch(/cannot be changed/);
    const lineEdit = await direct(
      (t) => sql.unsafe`UPDATE ${t("stock_count_items")} SET counted_quantity = 99 WHERE id = ${line?.id ?? missing}`,
    ).catch((e) => e);
    expect(findPgError(lineEdit)?.code).toBe("23000");
    const removal = await direct((t) => sql.unsafe`DELETE FROM ${t("stock_counts")} WHERE id = ${count.id}`).catch((e) => e);
    expect(findPgError(removal)?.code).toBe("23000");
    expect((await counts.get.query({ id: count.id })).note).toBe("cycle A");
  });

  test("a line counted again takes the new figure; found goods enter at the average; a cancelled count moves nothing", async () => {
    const { counts } = tenant.client.inventory;
    const item = await openShop(tenant.client, "CNT2", 8);
    const count = await counts.create.mutate({ warehouse_id: item.warehouseId, kind: "spot" });
    const line = count.lines.find((candidate) => candidate.product_variant_id === item.variantId);
    await counts.record.mutate({ id: count.id, lines: [{ item_id: line?.id ?? "", counted_quantity: 3 }] });
    await counts.record.mutate({ id: count.id, lines: [{ item_id: line?.id ?? "", counted_quantity: "10", note: "second pass" }] });
    const posted = await counts.post.mutate({ id: count.id });
    expect(posted.lines.find((candidate) => candidate.id === line?.id)).toMatchObject({ counted_quantity: "10.0000", note: "second pass" });
    expect(await onHand(item.variantId, item.warehouseId)).toMatchObject({ quantity_on_hand: "10.0000", average_cost: "5.0000" });
    expect(await postingsOf(api, tenant.slug, "stock_count", count.id)).toEqual([
      ["1300", "10.0000", "0.0000"],
      ["5100", "0.0000", "10.0000"],
    ]);

    const dropped = await counts.create.mutate({ warehouse_id: item.warehouseId });
    const dropLine = dropped.lines.find((candidate) => candidate.product_variant_id === item.variantId);
    await counts.record.mutate({ id: dropped.id, lines: [{ item_id: dropLine?.id ?? "", counted_quantity: 0 }] });
    expect((await counts.cancel.mutate({ id: dropped.id })).status).toBe("cancelled");
    expect(await onHand(item.variantId, item.warehouseId)).toMatchObject({ quantity_on_hand: "10.0000" });
    await expectCode(counts.post.mutate({ id: dropped.id }), "BAD_REQUEST");
    const cancelledList = await counts.list.query({ warehouse_id: item.warehouseId, status: "cancelled" });
    expect(cancelledList.items.map((row) => row.id)).toContain(dropped.id);
    await expectStockRulesHold(api, tenant.slug);
  });

  test("a zone count lists the zone's bins and corrects the bin counted", async () => {
    const { counts, zones, bins, stock, warehouses } = tenant.client.inventory;
    const north = await warehouses.create.mutate({ code: "NORTH", name: "North" });
    const zone = await zones.create.mutate({ warehouse_id: north.id, code: "Z1", name: "Zone 1" });
    const first = await bins.create.mutate({ zone_id: zone.id, code: "Z1-01" });
    const second = await bins.create.mutate({ zone_id: zone.id, code: "Z1-02" });
    const key = { product_id: shop.productId, product_variant_id: shop.variantId, warehouse_id: north.id };
    await stock.receive.mutate({ ...key, quantity: 6, unit_cost: "4", bin_id: first.id });
    await stock.receive.mutate({ ...key, quantity: 4, unit_cost: "4", bin_id: second.id });
    const count = await counts.create.mutate({ warehouse_id: north.id, zone_id: zone.id });
    expect(count.lines.map((line) => [line.bin_id, line.expected_quantity]).sort()).toEqual(
      [
        [first.id, "6.0000"],
        [second.id, "4.0000"],
      ].sort(),
    );
    const secondLine = count.lines.find((line) => line.bin_id === second.id);
    await counts.record.mutate({ id: count.id, lines: [{ item_id: secondLine?.id ?? "", counted_quantity: 1 }] });
    await counts.post.mutate({ id: count.id });
    expect(await onHand(shop.variantId, north.id)).toMatchObject({ quantity_on_hand: "7.0000" });
    await expectStockRulesHold(api, tenant.slug);

    // A transfer received into a named bin of a warehouse with bins.
    const transfer = await tenant.client.inventory.transfers.create.mutate({
      from_warehouse_id: shop.warehouseId,
      to_warehouse_id: north.id,
      lines: [{ product_id: shop.productId, product_variant_id: shop.variantId, quantity: 2 }],
    });
    await tenant.client.inventory.transfers.ship.mutate({ id: transfer.id });
    await expectCode(tenant.client.inventory.transfers.receive.mutate({ id: transfer.id, to_bin_id: missing }), "BAD_REQUEST");
    await tenant.client.inventory.transfers.receive.mutate({ id: transfer.id, to_bin_id: first.id });
    const recount = await counts.create.mutate({ warehouse_id: north.id, zone_id: zone.id });
    expect(recount.lines.find((line) => line.bin_id === first.id)?.expected_quantity).toBe("8.0000");
    await counts.cancel.mutate({ id: recount.id });
    await expectStockRulesHold(api, tenant.slug);

    const elsewhere = await zones.create.mutate({ warehouse_id: eastId, code: "E1", name: "East 1" });
    expect(await expectCode(counts.create.mutate({ warehouse_id: north.id, zone_id: elsewhere.id }), "BAD_REQUEST")).toMatch(
      /zone_id: zone .* is not a zone of warehouse/,
    );
    expect(await expectCode(counts.create.mutate({ warehouse_id: eastId, zone_id: elsewhere.id }), "BAD_REQUEST")).toMatch(
      /zone_id: .*holds no stock/,
    );
  });
});

describe("inventory.transfers", () => {
  test("round trip: ship at the source's average into transit, receive in two parts at that cost; the destination average moves", async () => {
    const { transfers, stock, valuation } = tenant.client.inventory;
    const item = await openShop(tenant.client, "TRF", 10);
    const at = (warehouse_id: string) => ({ product_id: item.productId, product_variant_id: item.variantId, warehouse_id });
    await stock.receive.mutate({ ...at(item.warehouseId), quantity: 10, unit_cost: "6" }); // MAIN: 20 at 5.5
    await stock.receive.mutate({ ...at(eastId), quantity: 10, unit_cost: "8" }); // EAST: 10 at 8

    const transfer = await transfers.create.mutate({
      from_warehouse_id: item.warehouseId,
      to_warehouse_id: eastId,
      lines: [{ product_id: item.productId, product_variant_id: item.variantId, quantity: 4 }],
      carrier: "Van",
    });
    expect(transfer).toMatchObject({ status: "draft", carrier: "Van" });
    expect(transfer.transfer_number).toMatch(/^ST-\d+$/);
    expect((await onHand(item.variantId, item.warehouseId))?.quantity_on_hand).toBe("20.0000");

    const shipped = await transfers.ship.mutate({ id: transfer.id });
    expect(shipped.status).toBe("in_transit");
    expect(shipped.lines[0]).toMatchObject({ quantity_shipped: "4.0000", quantity_received: "0.0000", unit_cost: "5.5000" });
    expect((await onHand(item.variantId, item.warehouseId))?.quantity_on_hand).toBe("16.0000");
    expect(await postingsOf(api, tenant.slug, "stock_transfer", transfer.id)).toEqual([
      ["1300", "0.0000", "22.0000"],
      ["1350", "22.0000", "0.0000"],
    ]);
    const inTransit = await valuation.report.query({});
    expect(inTransit.in_transit).toEqual({ quantity: "4.0000", value: "22.0000" });
    expect(inTransit.books.in_transit_account).toBe("22.0000");
    expect(inTransit.totals.value).toBe(inTransit.books.inventory_account);
    await expectStockRulesHold(api, tenant.slug);
    await expectCode(transfers.ship.mutate({ id: transfer.id }), "BAD_REQUEST");
    await expectCode(transfers.cancel.mutate({ id: transfer.id }), "BAD_REQUEST");

    const lineId = shipped.lines[0]?.id ?? "";
    expect(
      await expectCode(transfers.receive.mutate({ id: transfer.id, lines: [{ item_id: lineId, quantity: 5 }] }), "BAD_REQUEST"),
    ).toMatch(/lines\.0\.quantity: cannot receive 5/);
    const part = await transfers.receive.mutate({ id: transfer.id, lines: [{ item_id: lineId, quantity: 1 }] });
    expect(part).toMatchObject({ status: "in_transit" });
    // (10 × 8 + 1 × 5.5) / 11 = 7.7727…
    expect(await onHand(item.variantId, eastId)).toMatchObject({ quantity_on_hand: "11.0000", average_cost: "7.7727" });
    const done = await transfers.receive.mutate({ id: transfer.id });
    expect(done).toMatchObject({ status: "received" });
    expect(done.lines[0]).toMatchObject({ quantity_received: "4.0000" });
    // (round(11 × 7.7727, 4) + 3 × 5.5) / 14 = (85.4997 + 16.5) / 14 = 7.2857
    expect(await onHand(item.variantId, eastId)).toMatchObject({ quantity_on_hand: "14.0000", average_cost: "7.2857" });
    const after = await valuation.report.query({});
    expect(after.in_transit).toEqual({ quantity: "0.0000", value: "0.0000" });
    expect(after.books.in_transit_account).toBe("0.0000");
    expect(after.totals.value).toBe(after.books.inventory_account);
    await expectStockRulesHold(api, tenant.slug);

    await expectCode(transfers.receive.mutate({ id: transfer.id }), "BAD_REQUEST");
    const edit = await direct((t) => sql.unsafe`UPDATE ${t("stock_transfers")} SET note = 'x' WHERE id = ${transfer.id}`).catch((e) => e);
    expect(findPgError(edit)?.code).toBe("23000");
    const lineEdit = await direct(
      (t) => sql.unsafe`UPDATE ${t("stock_transfer_items")} SET quantity_received = 0 WHERE id = ${lineId}`,
    ).catch((e) => e);
    expect(findPgError(lineEdit)?.code).toBe("23000");
  });

  test("a transfer of more than the source has is refused on shipping; a draft can be cancelled; the direct transfer still works", async () => {
    const { transfers, stock } = tenant.client.inventory;
    const item = await openShop(tenant.client, "TRF2", 3);
    const line = { product_id: item.productId, product_variant_id: item.variantId, quantity: 5 };
    const tooMuch = await transfers.create.mutate({ from_warehouse_id: item.warehouseId, to_warehouse_id: eastId, lines: [line] });
    await expectCode(transfers.ship.mutate({ id: tooMuch.id }), "CONFLICT");
    expect((await transfers.cancel.mutate({ id: tooMuch.id })).status).toBe("cancelled");
    expect((await transfers.list.query({ warehouse_id: eastId, status: "cancelled" })).items.map((row) => row.id)).toContain(tooMuch.id);
    const direct = await stock.transfer.mutate({
      product_id: item.productId,
      product_variant_id: item.variantId,
      from_warehouse_id: item.warehouseId,
      to_warehouse_id: eastId,
      quantity: 2,
    });
    expect(direct.to.stock).toMatchObject({ quantity_on_hand: "2.0000", average_cost: "5.0000" });
    expect((await transfers.get.query({ id: direct.transfer_id })).status).toBe("received");
    await expectStockRulesHold(api, tenant.slug);
  });
});

describe("the new rules catch what slips past the database", () => {
  /** The rules failing after one statement run with the database's triggers switched off (rolled back). */
  async function failingAfter(statement: (table: (name: string) => ReturnType<typeof sql.identifier>) => ReturnType<typeof sql.unsafe>) {
    const schemaName = `tenant_${tenant.slug}`;
    let failed: string[] = [];
    const rollback = new Error("rollback");
    await api.db.pool
      .transaction(async (tx) => {
        await tx.query(sql.unsafe`SET LOCAL session_replication_role = replica`);
        const result = await tx.query(statement((name) => sql.identifier([schemaName, name])));
        expect(result.rowCount).toBeGreaterThan(0);
        failed = (await checkInvariants(tx, schemaName)).filter((check) => !check.ok).map((check) => check.name);
        throw rollback;
      })
      .catch((error) => {
        if (error !== rollback) throw error;
      });
    return failed;
  }

  test("a transfer line, a movement's carried cost and a count line that disagree with what moved are reported", async () => {
    const { transfers, counts } = tenant.client.inventory;
    const item = await openShop(tenant.client, "RULE", 6);
    const transfer = await transfers.create.mutate({
      from_warehouse_id: item.warehouseId,
      to_warehouse_id: eastId,
      lines: [{ product_id: item.productId, product_variant_id: item.variantId, quantity: 2 }],
    });
    await transfers.ship.mutate({ id: transfer.id });
    const count = await counts.create.mutate({ warehouse_id: item.warehouseId });
    const line = count.lines.find((candidate) => candidate.product_variant_id === item.variantId);
    await counts.record.mutate({ id: count.id, lines: [{ item_id: line?.id ?? "", counted_quantity: 3 }] });
    await counts.post.mutate({ id: count.id });
    await expectStockRulesHold(api, tenant.slug);

    expect(
      await failingAfter(
        (t) => sql.unsafe`UPDATE ${t("stock_transfer_items")} SET quantity_shipped = 1 WHERE stock_transfer_id = ${transfer.id}`,
      ),
    ).toContain("transfer lines match their movements");
    expect(
      await failingAfter(
        (t) =>
          sql.unsafe`UPDATE ${t("stock_movements")} SET unit_cost = unit_cost + 1 WHERE reference_id = ${transfer.id} AND movement_type = 'transfer_out'`,
      ),
    ).toContain("the in-transit account equals the value of goods in transit");
    expect(
      await failingAfter(
        (t) => sql.unsafe`UPDATE ${t("stock_count_items")} SET book_quantity = book_quantity + 1 WHERE id = ${line?.id ?? missing}`,
      ),
    ).toContain("posted counts moved stock by counted minus book quantity");
    await transfers.receive.mutate({ id: transfer.id });
  });
});

describe("inventory.valuation.report", () => {
  test("rows at quantity × average, totals equal to the inventory account, pages and a warehouse filter", async () => {
    const { valuation } = tenant.client.inventory;
    const report = await valuation.report.query({ limit: 100 });
    expect(report.totals.value).toBe(report.books.inventory_account);
    expect(report.totals.rows).toBe(report.items.length);
    for (const row of report.items) {
      expect(Number(row.value)).toBeCloseTo(Number(row.quantity_on_hand) * Number(row.average_cost), 4);
    }
    const sum = report.items.reduce((total, row) => total + Math.round(Number(row.value) * 10000), 0);
    expect((sum / 10000).toFixed(4)).toBe(report.totals.value);
    const first = await valuation.report.query({ limit: 1 });
    expect(first.items).toHaveLength(1);
    const second = await valuation.report.query({ limit: 1, cursor: first.nextCursor ?? undefined });
    expect(second.items[0]?.inventory_id).not.toBe(first.items[0]?.inventory_id);
    const east = await valuation.report.query({ warehouse_id: eastId, limit: 100 });
    expect(east.items.every((row) => row.warehouse_code === "EAST")).toBe(true);
    expect(east.totals.rows).toBe(east.items.length);
  });
});

describe("isolation, permissions and bad input", () => {
  test("another tenant's counts, transfers and warehouses are NOT_FOUND through every new procedure", async () => {
    const a = tenant.client.inventory;
    const b = other.client.inventory;
    const count = await a.counts.create.mutate({ warehouse_id: shop.warehouseId });
    const itemId = count.lines[0]?.id ?? "";
    const transfer = await a.transfers.create.mutate({
      from_warehouse_id: shop.warehouseId,
      to_warehouse_id: eastId,
      lines: [{ product_id: shop.productId, product_variant_id: shop.variantId, quantity: 1 }],
    });
    await expectCode(b.counts.get.query({ id: count.id }), "NOT_FOUND");
    await expectCode(b.counts.record.mutate({ id: count.id, lines: [{ item_id: itemId, counted_quantity: 1 }] }), "NOT_FOUND");
    await expectCode(b.counts.post.mutate({ id: count.id }), "NOT_FOUND");
    await expectCode(b.counts.cancel.mutate({ id: count.id }), "NOT_FOUND");
    await expectCode(b.counts.create.mutate({ warehouse_id: shop.warehouseId }), "NOT_FOUND");
    expect((await b.counts.list.query({ warehouse_id: shop.warehouseId })).items).toEqual([]);
    await expectCode(b.transfers.get.query({ id: transfer.id }), "NOT_FOUND");
    await expectCode(b.transfers.ship.mutate({ id: transfer.id }), "NOT_FOUND");
    await expectCode(b.transfers.receive.mutate({ id: transfer.id }), "NOT_FOUND");
    await expectCode(b.transfers.cancel.mutate({ id: transfer.id }), "NOT_FOUND");
    await expectCode(
      b.transfers.create.mutate({
        from_warehouse_id: shop.warehouseId,
        to_warehouse_id: eastId,
        lines: [{ product_id: shop.productId, quantity: 1 }],
      }),
      "NOT_FOUND",
    );
    expect((await b.transfers.list.query({ warehouse_id: eastId })).items).toEqual([]);
    await expectCode(b.valuation.report.query({ warehouse_id: shop.warehouseId }), "NOT_FOUND");
    // Tenant A's documents are untouched.
    expect((await a.counts.get.query({ id: count.id })).status).toBe("in_progress");
    expect((await a.counts.cancel.mutate({ id: count.id })).status).toBe("cancelled");
    expect((await a.transfers.cancel.mutate({ id: transfer.id })).status).toBe("cancelled");
  });

  test("a viewer reads but cannot count or transfer (FORBIDDEN)", async () => {
    await tenant.client.auth.users.create.mutate({
      email: "viewer@depth.test",
      displayName: "Viewer",
      password: "viewer-password-1",
      roles: ["viewer"],
    });
    const viewer = (await api.signIn(tenant.slug, "viewer@depth.test", "viewer-password-1")).inventory;
    await viewer.valuation.report.query({ limit: 1 });
    await viewer.counts.list.query({});
    await expectCode(viewer.counts.create.mutate({ warehouse_id: shop.warehouseId }), "FORBIDDEN");
    await expectCode(viewer.counts.post.mutate({ id: missing }), "FORBIDDEN");
    await expectCode(
      viewer.transfers.create.mutate({
        from_warehouse_id: shop.warehouseId,
        to_warehouse_id: eastId,
        lines: [{ product_id: shop.productId, quantity: 1 }],
      }),
      "FORBIDDEN",
    );
    await expectCode(viewer.transfers.ship.mutate({ id: missing }), "FORBIDDEN");
  });

  test("bad input answers BAD_REQUEST with a sentence naming the field; missing documents NOT_FOUND", async () => {
    const { counts, transfers, valuation } = tenant.client.inventory;
    const count = await counts.create.mutate({ warehouse_id: shop.warehouseId });
    const itemId = count.lines[0]?.id ?? "";
    expect(
      await expectCode(counts.record.mutate({ id: count.id, lines: [{ item_id: itemId, counted_quantity: -1 }] }), "BAD_REQUEST"),
    ).toMatch(/lines\.0\.counted_quantity/);
    expect(await expectCode(counts.record.mutate({ id: count.id, lines: [] }), "BAD_REQUEST")).toMatch(/lines/);
    expect(
      await expectCode(
        counts.record.mutate({
          id: count.id,
          lines: [
            { item_id: itemId, counted_quantity: 1 },
            { item_id: itemId, counted_quantity: 2 },
          ],
        }),
        "BAD_REQUEST",
      ),
    ).toMatch(/lines\.1\.item_id: .* named twice/);
    expect(
      await expectCode(counts.record.mutate({ id: count.id, lines: [{ item_id: missing, counted_quantity: 1 }] }), "NOT_FOUND"),
    ).toMatch(/lines\.0\.item_id/);
    expect(await expectCode(counts.post.mutate({ id: count.id }), "BAD_REQUEST")).toMatch(/no counted line/);
    await counts.cancel.mutate({ id: count.id });
    await expectCode(counts.get.query({ id: "not-a-uuid" }), "BAD_REQUEST");
    await expectCode(counts.get.query({ id: missing }), "NOT_FOUND");
    await expectCode(counts.create.mutate({ warehouse_id: missing }), "NOT_FOUND");
    await expectCode(counts.list.query({ limit: 101 }), "BAD_REQUEST");
    const sameWarehouse = {
      from_warehouse_id: shop.warehouseId,
      to_warehouse_id: shop.warehouseId,
      lines: [{ product_id: shop.productId, quantity: 1 }],
    };
    expect(await expectCode(transfers.create.mutate(sameWarehouse), "BAD_REQUEST")).toMatch(/to_warehouse_id/);
    const base = { from_warehouse_id: shop.warehouseId, to_warehouse_id: eastId };
    expect(await expectCode(transfers.create.mutate({ ...base, lines: [] }), "BAD_REQUEST")).toMatch(/lines/);
    expect(
      await expectCode(transfers.create.mutate({ ...base, lines: [{ product_id: shop.productId, quantity: 0 }] }), "BAD_REQUEST"),
    ).toMatch(/lines\.0\.quantity/);
    const twice = [
      { product_id: shop.productId, product_variant_id: shop.variantId, quantity: 1 },
      { product_id: shop.productId, product_variant_id: shop.variantId, quantity: 2 },
    ];
    expect(await expectCode(transfers.create.mutate({ ...base, lines: twice }), "BAD_REQUEST")).toMatch(/lines\.1: .* named twice/);
    await expectCode(transfers.create.mutate({ ...base, lines: [{ product_id: missing, quantity: 1 }] }), "NOT_FOUND");
    await expectCode(transfers.receive.mutate({ id: missing }), "NOT_FOUND");
    const draft = await transfers.create.mutate({
      ...base,
      lines: [{ product_id: shop.productId, product_variant_id: shop.variantId, quantity: 1 }],
    });
    expect(await expectCode(transfers.receive.mutate({ id: draft.id }), "BAD_REQUEST")).toMatch(/only a transfer in transit/);
    expect(await expectCode(transfers.receive.mutate({ id: draft.id, lines: [] }), "BAD_REQUEST")).toMatch(/lines/);
    await transfers.cancel.mutate({ id: draft.id });
    await expectCode(valuation.report.query({ warehouse_id: missing }), "NOT_FOUND");
    await expectCode(valuation.report.query({ limit: 0 }), "BAD_REQUEST");
    await expectStockRulesHold(api, tenant.slug);
  });
});
