import fc from "fast-check";
import { z } from "zod";
import type { JsonSchema } from "../../src/docs/describeApi.ts";

/** Strings that stress PostgreSQL and JSON: NUL bytes, lone surrogates, long runs, SQL-ish text. */
const nasty = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("\u0000", "\ud800", "'; DROP TABLE products; --", "x".repeat(5000), "%_\\", "", " ", "1e309", "-0", "NaN"),
);

/**
 * Inputs for a procedure: valid ones (so they reach the database, with real ids from `ids`),
 * valid ones with wild fields here and there, and anything at all.
 */
export function arbitraryInput(schema: z.ZodType | undefined, ids: readonly string[]): fc.Arbitrary<unknown> {
  if (!schema) return fc.oneof(fc.constant(undefined), fc.jsonValue());
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return fc.oneof(
    { weight: 3, arbitrary: valid(json, ids, 0, true) },
    { weight: 3, arbitrary: shaped(json, ids, 0) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

/** Mostly valid values, with a wild one here and there. */
function shaped(schema: JsonSchema, ids: readonly string[], depth: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 5, arbitrary: valid(schema, ids, depth, false) },
    { weight: 1, arbitrary: fc.oneof(nasty, fc.jsonValue({ maxDepth: 2 })) },
  );
}

/** Values that meet the schema's rules; `strict` makes every nested field valid and present when required. */
function valid(schema: JsonSchema, ids: readonly string[], depth: number, strict: boolean): fc.Arbitrary<unknown> {
  const inner = (child: JsonSchema) => (strict ? valid(child, ids, depth + 1, true) : shaped(child, ids, depth + 1));
  const range = { min: Math.max(schema.minimum ?? -1e6, -1e6), max: Math.min(schema.maximum ?? 1e6, 1e6) };
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((option) => valid(option, ids, depth, strict)));
  if (schema.description?.startsWith("signed decimal")) return fc.integer({ min: -5, max: 5 }).filter((value) => value !== 0);
  if (schema.description?.startsWith("decimal")) return fc.oneof(fc.integer({ min: 1, max: 50 }), fc.constantFrom("0.5", "12.3456", "99"));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.format === "uuid") return ids.length > 0 ? fc.oneof(fc.constantFrom(...ids), fc.uuid()) : fc.uuid();
  if (schema.format === "email") return fc.emailAddress();
  if (schema.format === "uri") return fc.webUrl();
  if (schema.format === "date-time") return fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
  switch (schema.type) {
    case "string": {
      const matching = schema.pattern
        ? fc.stringMatching(new RegExp(schema.pattern))
        : fc.string({ minLength: Math.max(1, schema.minLength ?? 1), maxLength: 30 });
      return strict ? matching : fc.oneof(matching, nasty);
    }
    case "number":
    case "integer":
      if (strict) return fc.integer(range);
      return fc.oneof(fc.integer(range), fc.double({ noNaN: true }), fc.constantFrom(0, -1, 1e15, 2 ** 53, 0.00001));
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      if (depth > 2) return fc.constant([]);
      return fc.array(schema.items ? inner(schema.items) : fc.jsonValue(), { minLength: strict ? 1 : 0, maxLength: 3 });
    case "object": {
      if (!schema.properties || depth > 2) return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
      const required = new Set(schema.required ?? []);
      const fields = Object.fromEntries(Object.entries(schema.properties).map(([key, field]) => [key, inner(field)]));
      // Strict: every required field is there; otherwise some go missing too. Optional ones come and go.
      return fc.record(fields, {
        requiredKeys: Object.keys(fields).filter((key) => required.has(key) && (strict || key.length % 4 !== 0)),
      });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
