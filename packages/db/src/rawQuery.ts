import { sql } from "slonik";

/**
 * A query token from SQL text held in a variable (a migration file's statement). Only for text
 * that ships with the repository, never for input: values go through `sql` placeholders.
 */
export function rawQuery(text: string) {
  // Slonik accepts only template-literal parts (frozen `raw`); build them as the engine would.
  const strings = Object.freeze(Object.assign([text], { raw: Object.freeze([text]) })) as unknown as TemplateStringsArray;
  return sql.unsafe(strings);
}
