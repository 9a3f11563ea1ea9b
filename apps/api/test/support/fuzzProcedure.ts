import fc from "fast-check";
import { expect } from "vitest";
import type { ProcedureEntry } from "../../src/listProcedures.ts";
import { arbitraryInput } from "./arbitraryInput.ts";

/**
 * Sends `numRuns` arbitrary inputs (shaped by the procedure's input schema, with `ids` as known
 * row ids) to one procedure over HTTP and asserts that none is answered 5xx. Returns the statuses
 * seen, so the caller can check that the inputs got past authentication.
 */
export async function fuzzProcedure(
  url: string,
  procedure: ProcedureEntry,
  options: { headers: Record<string, string>; ids: readonly string[]; numRuns: number },
): Promise<Set<number>> {
  const statuses = new Set<number>();
  const headers = { "content-type": "application/json", ...options.headers };
  await fc.assert(
    fc.asyncProperty(arbitraryInput(procedure.input, options.ids), async (input) => {
      const encoded = input === undefined ? "" : JSON.stringify(input);
      const response =
        procedure.type === "query"
          ? await fetch(`${url}/trpc/${procedure.path}${input === undefined ? "" : `?input=${encodeURIComponent(encoded)}`}`, { headers })
          : await fetch(`${url}/trpc/${procedure.path}`, { method: "POST", headers, body: encoded });
      const body = await response.text();
      statuses.add(response.status);
      expect(response.status, `${procedure.path} ${encoded.slice(0, 300)} → ${body.slice(0, 300)}`).toBeLessThan(500);
    }),
    { numRuns: options.numRuns },
  );
  return statuses;
}
