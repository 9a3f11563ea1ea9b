import { appRouter, listProcedures } from "@erp/api/server";

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

/** Every procedure of the API with what it declares. */
export function procedureCatalog(): ProcedureInfo[] {
  return listProcedures(appRouter).map(({ path, type, meta, input }) => {
    const shape = (input as { shape?: Record<string, unknown> } | undefined)?.shape;
    return {
      path,
      type,
      auth: meta.auth,
      module: meta.module,
      fields: shape ? Object.keys(shape) : [],
      accepts: (value) => (input ? input.safeParse(value).success : true),
    };
  });
}
