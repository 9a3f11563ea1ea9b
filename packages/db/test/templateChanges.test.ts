import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { checkTemplateChanges, describeTemplateChangesReport, loadBaselineSource, loadTemplateSource, repoRoot } from "../src/index.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";

// Whole fleets of 268-table tenants on a shared machine: generous limits (the tests assert outcomes, never durations).
vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

let db: TestDatabase;
let scratch: string;
beforeAll(async () => {
  db = await createTestDatabase();
  scratch = await mkdtemp(join(tmpdir(), "template-changes-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
  await db?.drop();
});

/** A copy of db/template whose change 0001 is replaced by `text`. */
async function templateWithChange(name: string, text: string): Promise<string> {
  const dir = join(scratch, name);
  await cp(join(repoRoot, "db", "template"), dir, { recursive: true });
  await writeFile(join(dir, "changes", "0001_document_series.sql"), text);
  return dir;
}

describe("template change files", () => {
  test("the baseline migrated through every change file is catalog-identical to a fresh build of db/template", async () => {
    const report = await checkTemplateChanges(db.pool);
    expect(report.versionNumber).toBeGreaterThanOrEqual(1);
    expect(report.changes[0]).toBe("0001_document_series.sql");
    expect(report.differences).toEqual([]);
    expect(describeTemplateChangesReport(report)[0]).toContain("equals a fresh build");
  });

  test("a change file that disagrees with the files fails, naming the differing objects", async () => {
    const right = await readFile(join(repoRoot, "db", "template", "changes", "0001_document_series.sql"), "utf8");
    // A different default, and the index forgotten.
    const wrong = right.replace("DEFAULT 'SO'", "DEFAULT 'ORD'").replace(/CREATE INDEX orders_series_code_ordered_at_idx[^;]*;/, "");
    const dir = await templateWithChange("wrong", wrong);
    const report = await checkTemplateChanges(db.pool, { templateDir: dir, changesDir: join(dir, "changes") });
    expect(report.differences).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^missing column: orders\.series_code text not null default 'SO'::text #\d+$/),
        expect.stringMatching(/^extra column: orders\.series_code text not null default 'ORD'::text #\d+$/),
        "missing index: CREATE INDEX orders_series_code_ordered_at_idx ON orders USING btree (series_code, ordered_at)",
      ]),
    );
    expect(report.differences).toHaveLength(3);
    const lines = describeTemplateChangesReport(report);
    expect(lines[0]).toContain("differs from a fresh build from db/template in 3 object(s)");
  });

  test("the baseline is version 0 and records the same build as the files it was copied from", async () => {
    const baseline = await loadBaselineSource();
    const current = await loadTemplateSource();
    expect(baseline.versionNumber).toBe(0);
    expect(baseline.changes).toEqual([]);
    expect(current.versionNumber).toBe(current.changes.length + baseline.versionNumber);
    expect(current.version).not.toBe(baseline.version);
  });

  test("change files must follow each other", async () => {
    const dir = await templateWithChange("gap", "SELECT 1;");
    // One number past the next free one, whatever the repository's newest change is.
    const existing = (await readdir(join(dir, "changes"))).filter((file) => /^\d{4}_.*\.sql$/.test(file)).length;
    const number = (n: number) => String(n).padStart(4, "0");
    await writeFile(join(dir, "changes", `${number(existing + 2)}_skipped.sql`), "SELECT 1;");
    await expect(loadTemplateSource(dir)).rejects.toThrow(
      `db/template/changes/${number(existing + 2)}_skipped.sql should be numbered ${number(existing + 1)}`,
    );
  });
});
