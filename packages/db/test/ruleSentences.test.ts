import { ruleSentences } from "@erp/db-types";
import { sql } from "slonik";
import { afterAll, beforeAll, expect, test } from "vitest";
import { z } from "zod";
import { ConflictError, ConstraintViolationError, templateSchema, toDomainError } from "../src/index.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";
import { constraintSentence } from "../src/types/constraintSentence.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

const constraintName = /_check\d*\b|_one_side\b|_no_overlap\b|_not_null\b/;

test("every CHECK and EXCLUDE rule of the template has a sentence in the generated map", async () => {
  const names = await db.pool.anyFirst(sql.type(z.object({ name: z.string() }))`
    SELECT conname AS name FROM pg_constraint WHERE connamespace = ${templateSchema}::regnamespace AND contype IN ('c', 'x')`);
  expect(names.length).toBeGreaterThan(1000);
  expect(names.filter((name) => !ruleSentences[name])).toEqual([]);
});

/** The domain error a statement on the template's tables ends in (rolled back either way). */
async function refusal(statement: ReturnType<typeof sql.unsafe>, before?: ReturnType<typeof sql.unsafe>): Promise<unknown> {
  return db.pool
    .transaction(async (tx) => {
      await tx.query(sql.unsafe`SELECT set_config('search_path', ${templateSchema}, true)`);
      if (before) await tx.query(before);
      await tx.query(statement);
      throw new Error("the statement was accepted");
    })
    .catch(toDomainError);
}

test("a commented rule, an EXCLUDE rule and NOT NULL answer with sentences, not constraint names", async () => {
  const oneSided = await refusal(sql.unsafe`
    INSERT INTO journal_lines (journal_entry_id, line_number, account_id, debit, credit) VALUES (uuidv7(), 1, uuidv7(), 0, 0)`);
  expect(oneSided).toBeInstanceOf(ConstraintViolationError);
  expect((oneSided as Error).message).toBe("Exactly one of debit and credit must be greater than 0.");

  const overlap = await refusal(
    sql.unsafe`INSERT INTO fiscal_years (name, start_date, end_date) VALUES ('FY2', '2026-06-01', '2027-05-31')`,
    sql.unsafe`INSERT INTO fiscal_years (name, start_date, end_date) VALUES ('FY1', '2026-01-01', '2026-12-31')`,
  );
  expect(overlap).toBeInstanceOf(ConflictError);
  expect((overlap as Error).message).toBe("start_date to end_date overlaps another fiscal year.");

  const unnamed = await refusal(sql.unsafe`INSERT INTO fiscal_years (start_date, end_date) VALUES ('2030-01-01', '2030-12-31')`);
  expect(unnamed).toBeInstanceOf(ConstraintViolationError);
  expect((unnamed as Error).message).toBe("name is required.");

  for (const error of [oneSided, overlap, unnamed]) expect((error as Error).message).not.toMatch(constraintName);
});

test("rule sentences are read from the definitions PostgreSQL prints", () => {
  const never = () => false;
  expect(constraintSentence("CHECK ((status = ANY (ARRAY['a'::text, 'b'::text, 'c'::text])))", never)).toBe(
    "status must be one of 'a', 'b' or 'c'.",
  );
  expect(constraintSentence("CHECK (((length(name) >= 1) AND (length(name) <= 200)))", never)).toBe(
    "name must be 1 to 200 characters long.",
  );
  expect(constraintSentence("CHECK ((price >= (0)::numeric))", never)).toBe("price must be at least 0.");
  expect(constraintSentence("CHECK (((status <> 'paid'::text) OR (paid_at IS NOT NULL)))", never)).toBe(
    "paid_at is required when status is 'paid'.",
  );
  expect(constraintSentence("CHECK (((ends_at IS NULL) OR (starts_at IS NULL) OR (ends_at > starts_at)))", () => true)).toBe(
    "ends_at must be after starts_at.",
  );
  expect(constraintSentence("CHECK ((total = ((a + b) - c)))", never)).toBe("total must equal a + b - c.");
  // A shape it does not know needs a COMMENT ON CONSTRAINT (the generator fails without one).
  expect(constraintSentence("CHECK ((num_nonnulls(a, b) = 1))", never)).toBeNull();
});
