import type { z } from "zod";
// The router itself (not only its type) is needed to list procedures at run time; it is imported
// from the app's source because @erp/api exports types only.
import { appRouter } from "../../../api/src/routers/_app.ts";

export type ProcedureInfo = {
  path: string;
  type: "query" | "mutation";
  auth: string | undefined;
  module: string | undefined;
  /** Top-level input fields (empty when the input is not an object). */
  fields: string[];
  /** Whether an input would pass the procedure's own validation. */
  accepts: (input: unknown) => boolean;
};

type ProcedureDef = { type: "query" | "mutation" | "subscription"; meta?: { auth?: string; module?: string }; inputs: z.ZodType[] };

/** Every procedure of the API with what it declares (tRPC keeps them flat in `_def.procedures`). */
export function procedureCatalog(): ProcedureInfo[] {
  const procedures = (appRouter as unknown as { _def: { procedures: Record<string, { _def: ProcedureDef }> } })._def.procedures;
  return Object.entries(procedures)
    .filter(([, procedure]) => procedure._def.type !== "subscription")
    .map(([path, procedure]) => {
      const input = procedure._def.inputs[0];
      const shape = (input as { shape?: Record<string, unknown> } | undefined)?.shape;
      return {
        path,
        type: procedure._def.type as "query" | "mutation",
        auth: procedure._def.meta?.auth,
        module: procedure._def.meta?.module,
        fields: shape ? Object.keys(shape) : [],
        accepts: (value) => (input ? input.safeParse(value).success : true),
      };
    });
}
