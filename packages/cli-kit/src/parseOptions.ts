import { parseInput } from "@erp/db";
import type { z } from "zod";

/** A command's options, checked by a zod schema; bad input is one sentence naming the `--flag` (exit 2 through runCommand). */
export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  return parseInput(schema, raw, { naming: "flag" });
}
