import { TRPCClientError } from "@erp/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectCode } from "./support/expectCode.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

let api: TestApi;
let shop: TestTenant;

beforeAll(async () => {
  api = await startTestApi();
  shop = await api.provision("catalog");
});
afterAll(async () => api?.close());

describe("catalog.products", () => {
  test("create with variants, get, update, archive", async () => {
    const { catalog } = shop.client;
    const brand = await catalog.brands.create.mutate({ slug: "north", name: "North" });
    const category = await catalog.categories.create.mutate({ slug: "kitchen", name: "Kitchen" });
    const created = await catalog.products.create.mutate({
      sku: "KETTLE-1",
      name: "Kettle",
      brand_id: brand.id,
      category_id: category.id,
      base_price: 30,
      variants: [
        { sku: "KETTLE-1-RED", name: "Kettle red", price: "31.5" },
        { sku: "KETTLE-1-BLK", name: "Kettle black", price: "29.99", position: 1 },
      ],
    });
    expect(created).toMatchObject({ sku: "KETTLE-1", slug: "kettle-kettle-1", base_price: "30.0000", status: "draft", brand_id: brand.id });
    expect(created.variants.map((variant) => variant.price)).toEqual(["31.5000", "29.9900"]);

    const fetched = await catalog.products.get.query({ id: created.id });
    expect(fetched.variants.map((variant) => variant.sku)).toEqual(["KETTLE-1-RED", "KETTLE-1-BLK"]);

    const updated = await catalog.products.update.mutate({ id: created.id, patch: { name: "Electric kettle", status: "active" } });
    expect(updated).toMatchObject({ name: "Electric kettle", status: "active", sku: "KETTLE-1" });
    expect(Date.parse(updated.updated_at)).toBeGreaterThanOrEqual(Date.parse(created.updated_at));

    const added = await catalog.variants.create.mutate({ product_id: created.id, sku: "KETTLE-1-WHT", name: "Kettle white", price: 33 });
    expect(await catalog.variants.get.query({ id: added.id })).toMatchObject({ product_id: created.id, price: "33.0000", status: "draft" });
    expect((await catalog.variants.update.mutate({ id: added.id, patch: { status: "active" } })).status).toBe("active");
    expect((await catalog.variants.archive.mutate({ id: added.id })).status).toBe("archived");
    await expectCode(catalog.variants.create.mutate({ product_id: created.id, sku: "KETTLE-1-RED", name: "Again", price: 1 }), "CONFLICT");

    expect((await catalog.products.archive.mutate({ id: created.id })).status).toBe("archived");
    expect((await catalog.variants.list.query({ product_id: created.id })).items).toHaveLength(3);
  });

  test("a product named without Latin letters still gets a valid slug", async () => {
    const product = await shop.client.catalog.products.create.mutate({ sku: "茶", name: "緑茶" });
    expect(product.slug).toMatch(/^p-[0-9a-f]{12}$/);
  });

  test("a taken SKU is a CONFLICT, an unknown brand NOT_FOUND, bad fields BAD_REQUEST with their paths", async () => {
    const { catalog } = shop.client;
    await catalog.products.create.mutate({ sku: "DUP-1", name: "First" });
    expect(await expectCode(catalog.products.create.mutate({ sku: "DUP-1", name: "Second" }), "CONFLICT")).toMatch(
      /sku 'DUP-1' is already taken/,
    );
    await expectCode(
      catalog.products.create.mutate({ sku: "NOBRAND", name: "x", brand_id: "01a21242-e4ff-708f-a474-e3f555de7dd8" }),
      "NOT_FOUND",
    );
    const error = await catalog.products.create
      .mutate({ sku: "", name: "x", base_price: "-1", variants: [{ sku: "V", name: "v", price: "1.23456" }] })
      .catch((caught: unknown) => caught as TRPCClientError<never>);
    expect(error).toBeInstanceOf(TRPCClientError);
    const issues = (error as TRPCClientError<never>).data as unknown as { code: string; issues: { path: string }[] };
    expect(issues.code).toBe("BAD_REQUEST");
    expect(issues.issues.map((issue) => issue.path).sort()).toEqual(["base_price", "sku", "variants.0.price"]);
  });

  test("list pages by keyset with limit ≤ 100, filters and searches by name or SKU", async () => {
    const { catalog } = shop.client;
    for (const n of [1, 2, 3, 4, 5])
      await catalog.products.create.mutate({ sku: `PAGE-${n}`, name: `Paged lamp ${n}`, status: n % 2 ? "active" : "draft" });
    const first = await catalog.products.list.query({ search: "paged lamp", limit: 2 });
    expect(first.items.map((product) => product.sku)).toEqual(["PAGE-1", "PAGE-2"]);
    const second = await catalog.products.list.query({ search: "paged lamp", limit: 2, cursor: first.nextCursor ?? undefined });
    const third = await catalog.products.list.query({ search: "paged lamp", limit: 2, cursor: second.nextCursor ?? undefined });
    expect([...second.items, ...third.items].map((product) => product.sku)).toEqual(["PAGE-3", "PAGE-4", "PAGE-5"]);
    expect(third.nextCursor).toBeNull();
    expect((await catalog.products.list.query({ search: "page-4" })).items.map((product) => product.sku)).toEqual(["PAGE-4"]);
    expect((await catalog.products.list.query({ search: "paged", status: "draft" })).items.map((product) => product.sku)).toEqual([
      "PAGE-2",
      "PAGE-4",
    ]);
    await expectCode(catalog.products.list.query({ limit: 101 }), "BAD_REQUEST");
    await expectCode(catalog.products.get.query({ id: "not-a-uuid" }), "BAD_REQUEST");
  });
});

describe("catalog entities", () => {
  test("categories: create, get, update, list by parent, archive", async () => {
    const { categories } = shop.client.catalog;
    const parent = await categories.create.mutate({ slug: "garden", name: "Garden" });
    const child = await categories.create.mutate({ slug: "garden-tools", name: "Tools", parent_id: parent.id });
    expect(await categories.get.query({ id: child.id })).toMatchObject({ parent_id: parent.id, status: "active" });
    expect((await categories.update.mutate({ id: child.id, patch: { name: "Garden tools" } })).name).toBe("Garden tools");
    expect((await categories.list.query({ parent_id: parent.id })).items.map((category) => category.slug)).toEqual(["garden-tools"]);
    expect((await categories.archive.mutate({ id: child.id })).status).toBe("archived");
    await expectCode(categories.create.mutate({ slug: "Not Valid", name: "x" }), "BAD_REQUEST");
  });

  test("brands: create, get, update, archive; a taken slug is a CONFLICT", async () => {
    const { brands } = shop.client.catalog;
    const brand = await brands.create.mutate({ slug: "south", name: "South", website_url: "https://south.example" });
    expect((await brands.get.query({ id: brand.id })).website_url).toBe("https://south.example");
    expect((await brands.update.mutate({ id: brand.id, patch: { description: "Warm" } })).description).toBe("Warm");
    expect((await brands.archive.mutate({ id: brand.id })).status).toBe("archived");
    await expectCode(brands.create.mutate({ slug: "south", name: "Again" }), "CONFLICT");
  });

  test("price lists and their tiered items", async () => {
    const { priceLists, priceListItems, products } = shop.client.catalog;
    const list = await priceLists.create.mutate({ code: "WHOLESALE", name: "Wholesale", currency: "EUR", status: "active" });
    expect(list).toMatchObject({ code: "WHOLESALE", currency: "EUR", kind: "sales" });
    const product = await products.create.mutate({
      sku: "TIERED",
      name: "Tiered",
      variants: [{ sku: "TIERED-V", name: "Tiered v", price: 10 }],
    });
    const variantId = product.variants[0]?.id ?? "";
    const item = await priceListItems.create.mutate({ price_list_id: list.id, product_variant_id: variantId, min_quantity: 10, price: 8 });
    expect((await priceListItems.list.query({ price_list_id: list.id })).items.map((row) => row.price)).toEqual(["8.0000"]);
    expect((await priceListItems.update.mutate({ id: item.id, patch: { price: "7.5" } })).price).toBe("7.5000");
    expect(await priceListItems.remove.mutate({ id: item.id })).toEqual({ id: item.id });
    await expectCode(priceListItems.get.query({ id: item.id }), "NOT_FOUND");
    expect((await priceLists.archive.mutate({ id: list.id })).status).toBe("archived");
    await expectCode(priceLists.create.mutate({ code: "bad code!", name: "x" }), "BAD_REQUEST");
  });
});
