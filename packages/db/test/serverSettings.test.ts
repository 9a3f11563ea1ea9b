import { expect, test } from "vitest";
import { sharedBuffersFor } from "../src/embedded/serverSettings.ts";
import { toPgQuery } from "../src/tenantScope/tenantQueries.ts";

const gib = 1024 ** 3;

test("the embedded server's shared buffers are a quarter of the memory, from 256 MB to 8 GB", () => {
  expect(sharedBuffersFor(24 * gib)).toBe("6144MB");
  expect(sharedBuffersFor(gib / 2)).toBe("256MB");
  expect(sharedBuffersFor(64 * gib)).toBe("8192MB");
});

test("every tenant's schema-qualified statements stay prepared in a fleet of thousands", () => {
  // The session check names the tenant's schema, so each tenant brings texts of its own.
  const names = Array.from({ length: 3_000 }, (_, index) => {
    const schema = `tenant_fleet_${String(index).padStart(5, "0")}`;
    return toPgQuery({ sql: `SELECT 1 FROM "${schema}"."sessions" WHERE id = $slonik_1`, values: ["x"] }).name;
  });
  expect(names.every((name) => typeof name === "string")).toBe(true);
  expect(new Set(names).size).toBe(3_000);
});
