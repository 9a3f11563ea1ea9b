import { expect } from "vitest";
import { expectCode } from "./expectCode.ts";

/** The procedures of one CRUD entity as the typed client has them (loosely typed: the helper serves many entities). */
type Procedures = Record<string, { mutate?: (input: never) => Promise<unknown>; query?: (input: never) => Promise<unknown> }>;
type Row = Record<string, unknown> & { id: string };

const call = (procedures: Procedures, name: string, kind: "query" | "mutate", input: unknown) => {
  const procedure = procedures[name]?.[kind];
  if (!procedure) throw new Error(`no ${name}.${kind}`);
  return procedure(input as never) as Promise<Row & { items?: Row[] }>;
};

/**
 * One entity through its life on the typed client: create → get → list (with a filter or search
 * that finds it) → update → archive or remove; a bad input refused with the field named; and
 * tenant B neither reads nor changes tenant A's row by id (NOT_FOUND). Returns the created row.
 */
export async function expectCrudLifecycle(options: {
  mine: unknown;
  theirs: unknown;
  create: Record<string, unknown>;
  patch: Record<string, unknown>;
  list: Record<string, unknown>;
  bad: { input: Record<string, unknown>; field: string };
  end: { archive: string } | "remove" | "keep";
}): Promise<Row> {
  const mine = options.mine as Procedures;
  const theirs = options.theirs as Procedures;
  const created = await call(mine, "create", "mutate", options.create);
  expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
  expect(await call(mine, "get", "query", { id: created.id })).toEqual(created);
  const listed = await call(mine, "list", "query", { limit: 100, ...options.list });
  expect(listed.items?.map((row) => row.id)).toContain(created.id);

  const message = await expectCode(call(mine, "create", "mutate", options.bad.input), "BAD_REQUEST");
  expect(message).toContain(options.bad.field);

  await expectCode(call(theirs, "get", "query", { id: created.id }), "NOT_FOUND");
  await expectCode(call(theirs, "update", "mutate", { id: created.id, patch: options.patch }), "NOT_FOUND");
  expect((await call(theirs, "list", "query", { limit: 100 })).items?.map((row) => row.id)).not.toContain(created.id);

  const updated = await call(mine, "update", "mutate", { id: created.id, patch: options.patch });
  expect(updated).toMatchObject(options.patch);
  if (options.end === "remove") {
    await expectCode(call(theirs, "remove", "mutate", { id: created.id }), "NOT_FOUND");
    expect(await call(mine, "remove", "mutate", { id: created.id })).toEqual({ id: created.id });
    await expectCode(call(mine, "get", "query", { id: created.id }), "NOT_FOUND");
  } else if (options.end !== "keep") {
    await expectCode(call(theirs, "archive", "mutate", { id: created.id }), "NOT_FOUND");
    expect((await call(mine, "archive", "mutate", { id: created.id })).status).toBe(options.end.archive);
  }
  return updated;
}
