import { type Interceptor, SchemaValidationError } from "slonik";

/**
 * Validates every row of a `sql.type(schema)` query against its zod schema at run time, and
 * returns the parsed row (so zod transforms apply). Slonik only carries the schema; this checks it.
 */
export const resultParserInterceptor: Interceptor = {
  name: "erp-result-parser",
  transformRow: (context, query, row) => {
    const parser = context.resultParser;
    if (!parser) return row;
    const result = parser["~standard"].validate(row);
    if (result instanceof Promise) {
      throw new TypeError("Row schemas must validate synchronously (no async refinements).");
    }
    if (result.issues) throw new SchemaValidationError(query, row, result.issues);
    return result.value as typeof row;
  },
};
