import { expect, test } from "vitest";
import { toPgQuery } from "../src/tenantScope/tenantQueries.ts";

test("every tenant's schema-qualified statements stay prepared in a fleet of thousands", () => {
  // The session check names the tenant's schema, so each tenant brings texts of its own.
  const names = Array.from({ length: 3_000 }, (_, index) => {
    const schema = `tenant_fleet_${String(index).padStart(5, "0")}`;
    return toPgQuery({ sql: `SELECT 1 FROM "${schema}"."sessions" WHERE id = $slonik_1`, values: ["x"] }).name;
  });
  expect(names.every((name) => typeof name === "string")).toBe(true);
  expect(new Set(names).size).toBe(3_000);
});
