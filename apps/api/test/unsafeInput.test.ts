import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { maxInputDepth } from "../src/validation/unsafeInput.ts";
import { expectCode } from "./support/expectCode.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

let api: TestApi;
let shop: TestTenant;
let token: string;

beforeAll(async () => {
  api = await startTestApi();
  shop = await api.provision("unsafe");
  const login = await fetch(`${api.url}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ tenant: shop.slug, email: shop.email, password: shop.password }),
  });
  token = ((await login.json()) as { result: { data: { token: string } } }).result.data.token;
});
afterAll(async () => api?.close());

/** POSTs a body given as text (so it can hold what JSON.stringify would never write) to a mutation. */
async function post(procedure: string, body: string) {
  const response = await fetch(`${api.url}/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body,
  });
  const answer = (await response.json()) as { error?: { message: string; data: { code: string; issues?: unknown } } };
  return { status: response.status, message: answer.error?.message, code: answer.error?.data.code, issues: answer.error?.data.issues };
}

function nested(depth: number): string {
  return `${"[".repeat(depth - 1)}"deep"${"]".repeat(depth - 1)}`;
}

describe("input no procedure accepts is refused with a sentence naming the field", () => {
  test("a NUL character inside a JSON field's value or key", async () => {
    expect(
      await post("catalog.brands.create", JSON.stringify({ slug: "nul-value", name: "Nul", attributes: { note: "a\u0000b" } })),
    ).toEqual({
      status: 400,
      code: "BAD_REQUEST",
      message: "Invalid input: attributes.note: must not contain NUL characters.",
      issues: [{ path: "attributes.note", message: "must not contain NUL characters" }],
    });
    const key = await post("catalog.brands.create", JSON.stringify({ slug: "nul-key", name: "Nul", attributes: { "a\u0000": 1 } }));
    expect(key.message).toBe("Invalid input: attributes: must not have a key that contains NUL characters.");
    const variant = await post(
      "catalog.products.create",
      JSON.stringify({
        sku: "NUL-1",
        name: "Nul",
        base_price: 1,
        variants: [{ sku: "NUL-1-A", name: "A", attributes: { size: "\u0000" } }],
      }),
    );
    expect(variant).toMatchObject({ status: 400, message: "Invalid input: variants.0.attributes.size: must not contain NUL characters." });
  });

  test("an unpaired UTF-16 surrogate, which would be stored as U+FFFD", async () => {
    const answer = await post("catalog.brands.create", '{"slug":"lone","name":"Half \\ud83d pair"}');
    expect(answer).toMatchObject({
      status: 400,
      message: "Invalid input: name: must not contain unpaired UTF-16 surrogates (it is not valid Unicode).",
    });
    const inKey = await post("catalog.brands.create", '{"slug":"lone-key","name":"Key","attributes":{"\\udc00":1}}');
    expect(inKey.message).toBe(
      "Invalid input: attributes: must not have a key that contains unpaired UTF-16 surrogates (it is not valid Unicode).",
    );
    // A complete pair is an ordinary character and is stored as sent.
    const created = await shop.client.catalog.brands.create.mutate({ slug: "pair", name: "Whole \ud83d\ude00 pair" });
    expect(created.name).toBe("Whole 😀 pair");
  });

  test("JSON nested thousands of levels deep is refused in one sentence, not a stack overflow", async () => {
    const answer = await post("catalog.brands.create", `{"slug":"deep","name":"Deep","attributes":{"a":${nested(3000)}}}`);
    expect(answer).toMatchObject({
      status: 400,
      message: `Invalid input: attributes.a${".0".repeat(maxInputDepth - 2)}: nests deeper than ${maxInputDepth} levels of objects and arrays.`,
    });
    // The same request as a GET query's input.
    const query = await fetch(`${api.url}/trpc/catalog.brands.list?input=${encodeURIComponent(`{"a":${nested(1000)}}`)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(query.status).toBe(400);
    expect(JSON.stringify(await query.json())).toContain(`nests deeper than ${maxInputDepth} levels`);
    // Nesting within the cap is free-form JSON like any other.
    const within = await shop.client.catalog.brands.create.mutate({
      slug: "nested",
      name: "Nested",
      attributes: { a: JSON.parse(nested(maxInputDepth - 2)) },
    });
    expect(JSON.stringify(within.attributes)).toContain("deep");
  });

  test("the typed client hears the same", async () => {
    const message = await expectCode(shop.client.catalog.brands.create.mutate({ slug: "typed", name: "Typed\u0000" }), "BAD_REQUEST");
    expect(message).toBe("Invalid input: name: must not contain NUL characters.");
  });
});

describe("a malformed percent-encoding in the path", () => {
  test.each(["%E0%A4%A", "%", "catalog.brands.list%ZZ"])("/trpc/%s answers 400 and is logged like any request", async (path) => {
    const requestId = `bad-path-${api.logs.length}`;
    const response = await fetch(`${api.url}/trpc/${path}`, { headers: { "x-request-id": requestId } });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("Invalid URL-encoding in path");
    expect(api.logs.find((line) => line.requestId === requestId)).toMatchObject({ msg: "request", status: 400, procedure: path });
  });
});
