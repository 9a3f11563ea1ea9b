import { judgeResponse, parseScenario, pickRequest, recordProduced, renderInput, shares, trpcRequest } from "@erp/load-tests/scenario";
import { describe, expect, test } from "vitest";
import { loadScenario } from "../src/load/loadScenario.ts";

/** A deterministic stand-in for Math.random: cycles through the given values. */
function sequence(...values: number[]): () => number {
  let index = 0;
  return () => values[index++ % values.length]!;
}

const minimal = {
  targets: { gateP95Ms: 500, strictP95Ms: 20, minCheckRate: 0.99 },
  fixtures: { stock: { procedure: "inventory.stock.levels", pick: "items[]" } },
  requests: [
    { name: "list products", group: "reads", procedure: "catalog.products.list", type: "query", weight: 3, input: { limit: 20 } },
    {
      name: "adjust stock",
      group: "stock",
      procedure: "inventory.stock.adjust",
      type: "mutation",
      weight: 1,
      input: { product_id: "{{fixture:stock.product_id}}", warehouse_id: "{{fixture:stock.warehouse_id}}", quantity_change: "{{int:1:3}}" },
      checks: [{ kind: "uuid", path: "movement_id" }],
    },
  ],
};

describe("the scenario file", () => {
  test("load-tests/scenarios.json parses, and every group has traffic", async () => {
    const scenario = await loadScenario();
    expect(scenario.requests.length).toBeGreaterThan(3);
    const { byGroup } = shares(scenario);
    expect(Object.keys(byGroup).sort()).toEqual([...scenario.groups].sort());
    expect(Object.values(byGroup).reduce((sum, share) => sum + share, 0)).toBeCloseTo(1);
  });

  test("names the first problem of a broken scenario", () => {
    expect(() => parseScenario({ ...minimal, requests: [{ ...minimal.requests[1], input: { id: "{{fixture:nope}}" } }] })).toThrow(
      "scenarios.json: requests[0] uses the fixture 'nope', which is not defined",
    );
    expect(() => parseScenario({ ...minimal, targets: { gateP95Ms: 500 } })).toThrow(/targets/);
  });
});

describe("picking and rendering requests", () => {
  const scenario = parseScenario(minimal);
  const stockRow = { product_id: "p-1", product_variant_id: null, warehouse_id: "w-1" };
  const withStock = { modules: ["catalog", "inventory"], fixtures: { stock: [stockRow] } };
  const withoutInventory = { modules: ["catalog"], fixtures: {} };

  test("weights decide the mix: 3:1 puts a draw of 0.8 on the second request", () => {
    expect(pickRequest(scenario, [withStock], sequence(0.5, 0))?.request.name).toBe("list products");
    expect(pickRequest(scenario, [withStock], sequence(0.8, 0))?.request.name).toBe("adjust stock");
  });

  test("a request goes only to a tenant whose tier serves its module and that has its fixtures", () => {
    const picked = pickRequest(scenario, [withoutInventory, withStock], sequence(0.9, 0));
    expect(picked?.request.name).toBe("adjust stock");
    expect(picked?.tenant).toBe(withStock);
    expect(pickRequest(scenario, [withoutInventory], sequence(0.9, 0))?.request.name).toBe("list products");
  });

  test("fields of one fixture come from the same draw, numbers stay numbers, null fields are left out", () => {
    const rows = [stockRow, { product_id: "p-2", product_variant_id: "v-2", warehouse_id: "w-2" }];
    const input = renderInput(
      {
        product_id: "{{fixture:stock.product_id}}",
        product_variant_id: "{{fixture:stock.product_variant_id}}",
        warehouse_id: "{{fixture:stock.warehouse_id}}",
        n: "{{int:1:3}}",
        note: "run {{unique}}",
      },
      { stock: rows },
      sequence(0.6, 0.5),
      () => "u1",
    );
    expect(input).toEqual({ product_id: "p-2", product_variant_id: "v-2", warehouse_id: "w-2", n: 2, note: "run u1" });
    expect(renderInput({ variant: "{{fixture:stock.product_variant_id}}" }, { stock: [stockRow] }, sequence(0), () => "")).toEqual({});
  });

  test("queries are GET with the input in the URL, mutations POST with a JSON body", () => {
    expect(trpcRequest("catalog.products.list", "query", { limit: 2 }).path).toBe(
      `/trpc/catalog.products.list?input=${encodeURIComponent('{"limit":2}')}`,
    );
    const mutation = trpcRequest("inventory.stock.adjust", "mutation", { a: 1 }, { authorization: "Bearer t" });
    expect(mutation).toMatchObject({ method: "POST", path: "/trpc/inventory.stock.adjust", body: '{"a":1}' });
    expect(mutation.headers.authorization).toBe("Bearer t");
  });

  test("judges the status and each body check", () => {
    const adjust = scenario.requests[1]!;
    const ok = JSON.stringify({ result: { data: { movement_id: "0199a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b" } } });
    expect(judgeResponse(adjust, 200, ok).every((verdict) => verdict.ok)).toBe(true);
    expect(judgeResponse(adjust, 200, JSON.stringify({ result: { data: { movement_id: "x" } } }))).toEqual([
      { name: "status 200", ok: true },
      { name: "movement_id is a UUID", ok: false },
    ]);
    expect(judgeResponse(adjust, 409, "{}").filter((verdict) => !verdict.ok)).toHaveLength(2);
  });
});

describe("chained requests: produces and {{take:pool}}", () => {
  const chain = parseScenario({
    ...minimal,
    requests: [
      {
        name: "invoice order",
        group: "o2c",
        procedure: "sales.invoices.create",
        type: "mutation",
        weight: 1,
        input: { order_id: "o" },
        produces: { invoices: "" },
      },
      {
        name: "receive payment",
        group: "o2c",
        procedure: "sales.receipts.create",
        type: "mutation",
        weight: 1000,
        input: {
          customer_id: "{{take:invoices.customer_id}}",
          allocations: [{ invoice_id: "{{take:invoices.id}}", amount: "{{take:invoices.grand_total}}" }],
        },
      },
    ],
  });
  const answer = (data: unknown) => JSON.stringify({ result: { data } });

  test("a request that takes from a pool waits until an answer has produced into it, and a taken value is gone", () => {
    const tenant: { modules: string[]; fixtures: Record<string, unknown[]>; pools?: Record<string, unknown[]> } = {
      modules: ["sales"],
      fixtures: {},
    };
    // The receipt weighs 1000 to 1, but nothing has been invoiced: only the invoice can go.
    expect(pickRequest(chain, [tenant], sequence(0.99, 0))?.request.name).toBe("invoice order");
    const [invoice, receipt] = chain.requests as [(typeof chain.requests)[number], (typeof chain.requests)[number]];
    recordProduced(invoice, tenant, 409, answer({ id: "i-0", customer_id: "c-0", grand_total: "1.0000" }));
    expect(tenant.pools?.invoices ?? []).toEqual([]);
    recordProduced(invoice, tenant, 200, answer({ id: "i-1", customer_id: "c-1", grand_total: "24.1600" }));
    recordProduced(invoice, tenant, 200, answer({ id: "i-2", customer_id: "c-2", grand_total: "19.1600" }));
    expect(pickRequest(chain, [tenant], sequence(0.99, 0))?.request.name).toBe("receive payment");

    // Every field of one take comes from the same invoice, which leaves the pool.
    expect(renderInput(receipt.input, tenant.fixtures, sequence(0.7), () => "", tenant.pools)).toEqual({
      customer_id: "c-2",
      allocations: [{ invoice_id: "i-2", amount: "19.1600" }],
    });
    expect(tenant.pools?.invoices).toEqual([{ id: "i-1", customer_id: "c-1", grand_total: "24.1600" }]);
    renderInput(receipt.input, tenant.fixtures, sequence(0), () => "", tenant.pools);
    expect(pickRequest(chain, [tenant], sequence(0.99, 0))?.request.name).toBe("invoice order");
  });

  test("a pool nobody produces is named", () => {
    expect(() => parseScenario({ ...minimal, requests: [{ ...minimal.requests[0], input: { id: "{{take:orders}}" } }] })).toThrow(
      "scenarios.json: requests[0] takes from the pool 'orders', which no request produces",
    );
  });

  test("load-tests/scenarios.json chains order → confirm → ship → invoice → receipt", async () => {
    const scenario = await loadScenario();
    const producerOf = (pool: string) => scenario.requests.find((request) => pool in request.produces)?.name;
    const steps = ["confirm order", "ship order", "invoice order", "receive payment"].map(
      (name) => scenario.requests.find((request) => request.name === name)!,
    );
    expect(steps.map((step) => step.takes.map(producerOf))).toEqual([
      ["create order"],
      ["confirm order"],
      ["ship order"],
      ["invoice order"],
    ]);
  });
});
