import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { ErpError, InvalidInputError } from "@erp/db";
import { createTestDatabase, type TestDatabase } from "@erp/db/testing";
import { checkInvariants, seedDemoData } from "@erp/seed";
import { backupTenant, provisionTenant, restoreTenant } from "@erp/tenancy";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { runCli } from "./runCli.ts";

// Every command is a process of its own on a shared machine: generous limits.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

let db: TestDatabase;
let folder: string;
let slug: string;
let good: string;

beforeAll(async () => {
  db = await createTestDatabase();
  folder = await mkdtemp(join(tmpdir(), "tenant-backup-cli-"));
  slug = db.slug("clisrc");
  await provisionTenant(
    db.platform,
    { slug, tier: "growth", admin: { email: "owner@cli.test", password: "correct horse battery staple" }, seedDemoData: true },
    { seeder: seedDemoData },
  );
  good = join(folder, "good.gz");
  const backup = await runCli(["tenants", "backup", slug, "--out", good], db.url);
  expect(backup.stderr).toBe("");
  expect(backup.stdout).toMatch(
    new RegExp(`^Backed up tenant '${slug}' to .+: \\d+ tables, [\\d,]+ rows, [\\d,]+ bytes, in [\\d,]+ ms\\.\\n$`),
  );
  expect(backup.code).toBe(0);
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
  await db?.drop();
});

/** Whether anything of a tenant exists: registry row, schema, role. */
async function traces(target: string) {
  return db.pool.one(sql.type(z.object({ registry: z.boolean(), schema: z.boolean(), role: z.boolean() }))`
    SELECT EXISTS (SELECT 1 FROM platform.tenants WHERE slug = ${target}) AS registry,
      EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ${`tenant_${target}`}) AS schema,
      EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${`tenant_${target}_rw`}) AS role`);
}
const nothing = { registry: false, schema: false, role: false };

/** One line on stderr, `error: <sentence>`, nothing on stdout, a non-zero exit code. */
function expectRefusal(result: { code: number; stdout: string; stderr: string }, code: number, sentence: RegExp) {
  expect(result.stdout).toBe("");
  expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  expect(result.stderr.trimEnd()).toMatch(sentence);
  expect(result.code).toBe(code);
}

/**
 * The same refusal through the library (a process per case would cost seconds each): bad input is
 * an InvalidInputError, which the CLI prints as its one sentence and exits 2 with (tested above).
 */
async function restoreRefusal(file: string, target: string): Promise<string> {
  const failure = await restoreTenant({ pool: db.pool, url: db.url }, file, { slug: target }, { checkInvariants }).then(
    () => new Error("restored"),
    (error: unknown) => error as Error,
  );
  expect(failure).toBeInstanceOf(ErpError);
  expect(failure.message.split("\n")).toHaveLength(1);
  return `${failure instanceof InvalidInputError ? "InvalidInput" : failure.name}: ${failure.message}`;
}

type Edit = (table: string, columns: string[], fields: string[]) => string[] | undefined;

/**
 * A copy of the good backup with rows edited (COPY text: tab-separated fields). With `reseal`,
 * each table's checksum is recomputed, so the file passes its own checks and the database must refuse the rows.
 */
async function edited(name: string, edit: Edit, reseal: boolean): Promise<string> {
  const lines = gunzipSync(await readFile(good))
    .toString("utf8")
    .split("\n");
  let table: { name: string; columns: string[] } | undefined;
  let hash = createHash("sha256");
  let changed = false;
  const out: string[] = [lines[0] ?? ""];
  for (const line of lines.slice(1)) {
    if (table === undefined) {
      const start = line.startsWith("{") ? (JSON.parse(line) as { table?: string; columns?: string[] }) : {};
      if (start.table && start.columns) {
        table = { name: start.table, columns: start.columns };
        hash = createHash("sha256");
      }
      out.push(line);
    } else if (line === "\\.") {
      out.push(line);
    } else if (line.startsWith('{"table"')) {
      const end = JSON.parse(line) as { table: string; rows: number; sha256: string };
      out.push(JSON.stringify(reseal ? { ...end, sha256: hash.digest("hex") } : end));
      table = undefined;
    } else {
      const fields = line.split("\t");
      const replaced = changed ? undefined : edit(table.name, table.columns, fields);
      if (replaced) changed = true;
      const row = (replaced ?? fields).join("\t");
      hash.update(`${row}\n`);
      out.push(row);
    }
  }
  expect(changed).toBe(true);
  const file = join(folder, name);
  await writeFile(file, gzipSync(out.join("\n")));
  return file;
}

/** Edits the first row of `table` whose `column` passes `when`. */
const setField =
  (target: string, column: string, value: (current: string) => string, when: (current: string) => boolean = () => true): Edit =>
  (table, columns, fields) => {
    const at = columns.indexOf(column);
    if (table !== target || at < 0 || !when(fields[at] ?? "")) return undefined;
    return fields.map((field, index) => (index === at ? value(field) : field));
  };

describe("pnpm tenants restore", () => {
  test("restores the backup as a new tenant, and refuses the same slug again", async () => {
    const copy = db.slug("clicopy");
    const restored = await runCli(["tenants", "restore", good, "--slug", copy], db.url);
    expect(restored.stderr).toBe("");
    expect(restored.stdout).toMatch(
      new RegExp(
        `^Restored '${slug}' \\(backed up .+\\) as tenant '${copy}' \\(growth, template version \\d+\\): \\d+ tables, [\\d,]+ rows, in [\\d,]+ ms\\.\\n$`,
      ),
    );
    expect(restored.code).toBe(0);
    expect(await traces(copy)).toEqual({ registry: true, schema: true, role: true });

    const again = await runCli(["tenants", "restore", good, "--slug", copy], db.url);
    expectRefusal(again, 1, new RegExp(`^error: A tenant with the slug '${copy}' already exists`));
    expect(await restoreRefusal(good, slug)).toMatch(new RegExp(`^ConflictError: A tenant with the slug '${slug}' already exists`));
  });

  test("a bad slug, a missing file or a file that is not a backup: one sentence, exit 2, nothing created", async () => {
    const target = db.slug("clibad");
    expectRefusal(
      await runCli(["tenants", "restore", good, "--slug", "Bad Slug!"], db.url),
      2,
      /^error: slug must be 3–40 characters of lower-case letters, digits and underscores, starting with a letter\.$/,
    );
    const missing = join(folder, "missing.gz");
    expectRefusal(
      await runCli(["tenants", "restore", missing, "--slug", target], db.url),
      2,
      new RegExp(`^error: There is no backup file at ${missing}\\.$`),
    );
    const text = join(folder, "notes.txt");
    await writeFile(text, "not a backup\n");
    expectRefusal(
      await runCli(["tenants", "restore", text, "--slug", target], db.url),
      2,
      /is not a tenant backup \(not gzip-compressed data\)/,
    );
    const otherGzip = join(folder, "other.gz");
    await writeFile(otherGzip, gzipSync('{"hello":"world"}\n'));
    expect(await restoreRefusal(otherGzip, target)).toMatch(
      /^InvalidInput: .+ is not a tenant backup \(its first line is not a backup header\)\.$/,
    );
    const newer = join(folder, "newer.gz");
    const header = JSON.parse(
      gunzipSync(await readFile(good))
        .toString("utf8")
        .split("\n")[0] ?? "{}",
    ) as Record<string, unknown>;
    await writeFile(newer, gzipSync(`${JSON.stringify({ ...header, formatVersion: 99 })}\n`));
    expect(await restoreRefusal(newer, target)).toMatch(/^InvalidInput: .+ has backup format version 99; this build reads version 1\.$/);
    const unknownBuild = join(folder, "unknown-build.gz");
    const tenant = header.tenant as Record<string, unknown>;
    await writeFile(
      unknownBuild,
      gzipSync(
        `${JSON.stringify({ ...header, tenant: { ...tenant, templateVersion: "0123456789abcdef", fingerprint: "f".repeat(32) } })}\n`,
      ),
    );
    expect(await restoreRefusal(unknownBuild, target)).toMatch(
      /^InvalidInput: This installation cannot build template version \d+ \(build 0123456789abcdef\)/,
    );
    expect(await traces(target)).toEqual(nothing);
  });

  test("a damaged or truncated file, or rows that break a key, a rule or an invariant: one sentence, nothing created", async () => {
    const target = db.slug("clidmg");
    const cases: [string, Promise<string>, RegExp][] = [
      [
        "a changed row (checksum)",
        edited(
          "flipped.gz",
          setField("customers", "name", (name) => `${name}x`),
          false,
        ),
        /is damaged \(the checksum of table customers does not match its rows\): nothing was restored\.$/,
      ],
      [
        "a reference to no row (foreign key)",
        edited(
          "orphan.gz",
          setField("order_items", "order_id", () => randomUUID()),
          true,
        ),
        /^InvalidInput: The rows in .+ break 1 foreign key\(s\), e\.g\. order_items_order_id_fkey \(1 row\): nothing was restored\.$/,
      ],
      [
        "an unbalanced journal entry (invariant)",
        edited(
          "unbalanced.gz",
          setField(
            "journal_lines",
            "debit",
            (debit) => (Number(debit) + 1).toFixed(4),
            (debit) => Number(debit) > 0,
          ),
          true,
        ),
        /^InvalidInput: The rows in .+ break \d+ invariant\(s\), e\.g\. .+; nothing was restored\.$/,
      ],
      [
        "a negative quantity (CHECK)",
        edited(
          "negative.gz",
          setField("order_items", "quantity", () => "-1"),
          true,
        ),
        /^InvalidInput: The backup's rows do not load \(new row for relation "order_items" violates check constraint .+\): nothing was restored\.$/,
      ],
    ];
    const truncatedFile = join(folder, "truncated.gz");
    const whole = gunzipSync(await readFile(good));
    // Cut at a line boundary: the file reads well up to where it stops.
    await writeFile(truncatedFile, gzipSync(whole.subarray(0, whole.indexOf(10, Math.floor(whole.length / 2)) + 1)));
    cases.push(["a truncated file", Promise.resolve(truncatedFile), /is damaged \(.*truncated.*\): nothing was restored\.$/]);
    const cutFile = join(folder, "cut.gz");
    const compressed = await readFile(good);
    await writeFile(cutFile, compressed.subarray(0, Math.floor(compressed.length * 0.7)));
    cases.push(["a cut gzip stream", Promise.resolve(cutFile), /is damaged \(.+\): nothing was restored\.$/]);

    // One through the command (its exit code), the others through the library.
    const [first, ...others] = cases;
    if (!first) throw new Error("no cases");
    const result = await runCli(["tenants", "restore", await first[1], "--slug", target], db.url);
    expectRefusal(result, 2, first[2]);
    expect(await traces(target)).toEqual(nothing);
    for (const [what, file, sentence] of others) {
      expect({ what, refusal: await restoreRefusal(await file, target) }).toEqual({ what, refusal: expect.stringMatching(sentence) });
      expect(await traces(target)).toEqual(nothing);
    }
  });
});

describe("pnpm tenants backup", () => {
  test("an unknown tenant, an existing file or an unwritable path: one sentence, no file", async () => {
    expectRefusal(
      await runCli(["tenants", "backup", db.slug("nobody"), "--out", join(folder, "nobody.gz")], db.url),
      1,
      new RegExp(`^error: No tenant has the slug '${db.slug("nobody")}'\\.$`),
    );
    expectRefusal(await runCli(["tenants", "backup", slug, "--out", good], db.url), 2, /^error: The file .+ already exists/);
    await expect(backupTenant({ pool: db.pool, url: db.url }, slug, join(folder, "no-such-folder", "b.gz"))).rejects.toThrow(
      /^Cannot write the backup to .+ \(ENOENT\): choose a path in a writable folder\.$/,
    );
    expect(await readFile(join(folder, "nobody.gz")).catch(() => null)).toBeNull();
  });
});
