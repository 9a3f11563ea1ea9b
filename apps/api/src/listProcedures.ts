import type { AnyRouter } from "@trpc/server";
import type { z } from "zod";
import type { ApiMeta } from "./trpc.ts";

/** A procedure as the router declares it: what the docs, the fuzz test and the validator read. */
export type ProcedureEntry = {
  /** Dotted path, as served at `/trpc/<path>`. */
  path: string;
  type: "query" | "mutation";
  meta: ApiMeta;
  /** The input validator (the first `.input()`), if any. */
  input: z.ZodType | undefined;
  output: z.ZodType | undefined;
};

// The part of a procedure's definition tRPC keeps internal (`_def`), read here and nowhere else.
type ProcedureDef = {
  type: "query" | "mutation" | "subscription";
  inputs: z.ZodType[];
  output?: z.ZodType;
  meta?: ApiMeta;
};

/** Every query and mutation of `router`, sorted by path (tRPC keeps them flat in `_def.procedures`). */
export function listProcedures(router: AnyRouter): ProcedureEntry[] {
  const procedures = router._def.procedures as Record<string, { _def: ProcedureDef }>;
  return Object.entries(procedures)
    .filter((entry): entry is [string, { _def: ProcedureDef & { type: "query" | "mutation" } }] => entry[1]._def.type !== "subscription")
    .map(([path, { _def: def }]) => ({ path, type: def.type, meta: def.meta ?? {}, input: def.inputs[0], output: def.output }))
    .sort((a, b) => a.path.localeCompare(b.path));
}
