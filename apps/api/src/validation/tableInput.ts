import { z } from "zod";

type Shape = z.ZodRawShape;

/** Per column a client may give: `true` keeps the generated schema, a schema is a stricter rule for it. */
export type ColumnRules<S extends Shape> = { [K in keyof S]?: true | z.ZodType };

/** A rule takes the column's optionality from the catalog (nullable → nullish, default → optional) unless it sets its own. */
type WithOptionality<Generated, Rule extends z.ZodType> =
  Rule extends z.ZodOptional<z.ZodType>
    ? Rule
    : Generated extends z.ZodOptional<z.ZodNullable<z.ZodType>>
      ? z.ZodOptional<z.ZodNullable<Rule>>
      : Generated extends z.ZodOptional<z.ZodType>
        ? z.ZodOptional<Rule>
        : Rule;

export type TableInput<S extends Shape, R extends ColumnRules<S>> = z.ZodObject<{
  [K in keyof R & keyof S]: R[K] extends z.ZodType ? WithOptionality<S[K], R[K]> : S[K];
}>;

/**
 * The input of a table's create procedure, from its generated insert schema (@erp/db-types):
 * only the columns named in `rules`, each kept as generated (`true`) or given a stricter rule
 * from validation/fields.ts. Whether a column is required, optional or nullable comes from the
 * catalog, like drizzle-zod's `createInsertSchema(table, refinements)`; a rule that is itself
 * `.optional()` keeps its own (a column the server fills when the client does not).
 */
export function tableInput<S extends Shape, R extends ColumnRules<S>>(insert: z.ZodObject<S>, rules: R): TableInput<S, R> {
  const shape: Record<string, z.ZodType> = {};
  for (const [column, rule] of Object.entries(rules)) {
    const generated = insert.shape[column] as z.ZodType | undefined;
    if (!generated) throw new Error(`${column} is not a column of this table.`);
    shape[column] = rule === true ? generated : withOptionality(generated, rule as z.ZodType);
  }
  return z.object(shape) as unknown as TableInput<S, R>;
}

function withOptionality(generated: z.ZodType, rule: z.ZodType): z.ZodType {
  if (rule instanceof z.ZodOptional || !(generated instanceof z.ZodOptional)) return rule;
  return generated.unwrap() instanceof z.ZodNullable ? rule.nullish() : rule.optional();
}
