import { ruleSentences } from "@erp/db-types";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectCode } from "./support/expectCode.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

// Rules the inputs cannot see (they span columns, or need other rows) reach the database; its
// refusal must come back as the rule's sentence naming the fields, never as a constraint name.
let api: TestApi;
let corp: TestTenant;

beforeAll(async () => {
  api = await startTestApi();
  corp = await api.provision("rules", "enterprise");
});
afterAll(async () => api?.close());

const constraintName = /_check\d*\b|_fkey\b|_key\b|_pkey\b|_valid_range\b/;

describe("a broken rule answers with its sentence", () => {
  test("CHECK across columns: an employee terminated without a termination date, or born after hiring", async () => {
    const { hr } = corp.client;
    const department = await hr.departments.create.mutate({ code: "RULES", name: "Rules" });
    const base = { department_id: department.id, first_name: "Ada", last_name: "Quill", hire_date: "2025-03-01" };
    const terminated = await expectCode(
      hr.employees.create.mutate({ ...base, email: "ada@rules.test", status: "terminated" }),
      "BAD_REQUEST",
    );
    expect(terminated).toBe(ruleSentences.employees_check1);
    expect(terminated).toBe("termination_date is required when status is 'terminated'.");

    const unborn = await expectCode(
      hr.employees.create.mutate({ ...base, email: "bo@rules.test", date_of_birth: "2026-01-01" }),
      "BAD_REQUEST",
    );
    expect(unborn).toBe("date_of_birth must be before hire_date.");

    const employee = await hr.employees.create.mutate({ ...base, email: "cy@rules.test" });
    const patched = await expectCode(
      hr.employees.update.mutate({ id: employee.id, patch: { termination_date: "2024-01-01" } }),
      "BAD_REQUEST",
    );
    expect(patched).toBe("termination_date must be on or after hire_date.");
    for (const message of [terminated, unborn, patched]) expect(message).not.toMatch(constraintName);
  });

  test("a named CHECK: a price tier valid until before it starts", async () => {
    const { priceLists, priceListItems, products } = corp.client.catalog;
    const list = await priceLists.create.mutate({ code: "RULES", name: "Rules" });
    const product = await products.create.mutate({ sku: "RULE-1", name: "Rule", variants: [{ sku: "RULE-1-A", name: "A", price: 1 }] });
    const variant = product.variants[0]!;
    const message = await expectCode(
      priceListItems.create.mutate({
        price_list_id: list.id,
        product_variant_id: variant.id,
        price: 1,
        valid_from: "2026-02-01T00:00:00Z",
        valid_to: "2026-01-01T00:00:00Z",
      }),
      "BAD_REQUEST",
    );
    expect(message).toBe(ruleSentences.price_list_items_valid_range);
    expect(message).toBe("valid_to must be after valid_from.");
  });

  test("FOREIGN KEY and UNIQUE violations name the columns, not the constraint", async () => {
    const { sales } = corp.client;
    const missing = await expectCode(
      sales.addresses.create.mutate({ customer_id: "01a21242-e4ff-708f-a474-e3f555de7dd8", line1: "1 Way", city: "Town", country: "US" }),
      "NOT_FOUND",
    );
    expect(missing).toBe("customer_id 01a21242-e4ff-708f-a474-e3f555de7dd8 does not exist in customers.");

    await sales.customers.create.mutate({ name: "First", customer_number: "RULES-1" });
    const taken = await expectCode(sales.customers.create.mutate({ name: "Second", customer_number: "RULES-1" }), "CONFLICT");
    expect(taken).toBe("customer_number 'RULES-1' is already taken.");
    for (const message of [missing, taken]) expect(message).not.toMatch(constraintName);
  });
});
