import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidInputError } from "@erp/db";
import { InvalidArgumentError } from "commander";
import { afterAll, expect, test, vi } from "vitest";
import { z } from "zod";
import { parseOptions, wholeNumber, wholeNumberSchema, writeGenerated } from "../src/index.ts";

const scratch = await mkdtemp(join(tmpdir(), "cli-kit-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

test("whole-number options: one sentence naming the flag for anything but a whole number in range", () => {
  const runs = wholeNumber("--runs", 1, 100);
  expect(runs("12")).toBe(12);
  for (const [value, sentence] of [
    ["1.5", "--runs must be a whole number."],
    ["lots", "--runs must be a whole number."],
    ["", "--runs must be a whole number."],
    ["0", "--runs must be at least 1."],
    ["101", "--runs must be at most 100."],
  ]) {
    expect(() => runs(value ?? "")).toThrow(new InvalidArgumentError(sentence ?? ""));
  }
});

test("parseOptions names the --flag of the first problem, in one sentence", () => {
  const schema = z.object({ maxTenants: wholeNumberSchema("--max-tenants", 1, 10), label: z.string().optional() });
  expect(parseOptions(schema, { maxTenants: "3" })).toEqual({ maxTenants: 3 });
  expect(() => parseOptions(schema, { maxTenants: "30" })).toThrow(new InvalidInputError("--max-tenants must be at most 10."));
  // zod's own message gets the flag in front.
  expect(() => parseOptions(schema, { maxTenants: "3", label: 7 })).toThrow(
    new InvalidInputError("--label: Invalid input: expected string, received number."),
  );
});

test("writeGenerated: --check reports a drifted file and exits 1 without writing; otherwise it writes", async () => {
  const path = join(scratch, "generated.md");
  await writeFile(path, "old\n");
  const output = vi.spyOn(console, "error").mockImplementation(() => {});
  const printed = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    const options = { command: "pnpm make:it", source: "the source" };
    expect(await writeGenerated([{ path, content: "new\n" }], { ...options, check: true })).toBe(1);
    expect(await readFile(path, "utf8")).toBe("old\n");
    expect(output.mock.calls[0]?.[0]).toMatch(
      /^Generated files are out of date with the source \(run `pnpm make:it` and commit\): .*generated\.md\.$/,
    );
    expect(await writeGenerated([{ path, content: "new\n" }], { ...options, check: false })).toBe(0);
    expect(await readFile(path, "utf8")).toBe("new\n");
    expect(await writeGenerated([{ path, content: "new\n" }], { ...options, check: true })).toBe(0);
    expect(printed.mock.calls.at(-1)?.[0]).toBe("Up to date with the source.");
  } finally {
    output.mockRestore();
    printed.mockRestore();
  }
});
