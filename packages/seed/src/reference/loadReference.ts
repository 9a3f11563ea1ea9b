import { type CommonQueryMethods, sql } from "slonik";
import { z } from "zod";
import { rateMillionths, toCents } from "../generate/money.ts";

const money = z.union([z.string(), z.number()]).transform(toCents);
const rate = z.union([z.string(), z.number()]).transform(rateMillionths);
const keyed = z.object({ id: z.uuid(), code: z.string() });

/**
 * The per-tenant reference data the volume generators point at (tax rates, the warehouse, the
 * chart of accounts, fiscal periods, channels, ...), read back from the tenant. Demo seeding and
 * seedAtScale take it from the database the same way, so a batch added months later books into
 * the same accounts and periods as the demo data.
 */
const referenceSchema = z.object({
  units: z.array(keyed),
  taxRates: z.array(keyed.extend({ rate })),
  priceLists: z.array(keyed),
  shippingMethods: z.array(keyed.extend({ base_rate: money, carrier: z.string(), service_level: z.string() })),
  warehouses: z.array(keyed),
  bins: z.array(keyed),
  fiscalPeriods: z.array(z.object({ id: z.uuid(), start_date: z.string(), end_date: z.string() })),
  accounts: z.array(keyed),
  journals: z.array(keyed),
  paymentTerms: z.array(keyed.extend({ due_days: z.number() })),
  taxCodes: z.array(z.object({ id: z.uuid(), tax_rate_id: z.uuid() })),
  bankAccounts: z.array(z.object({ id: z.uuid(), account_id: z.uuid() })),
  faqCategories: z.array(z.object({ id: z.uuid(), slug: z.string() })),
  channels: z.array(keyed.extend({ kind: z.string() })),
  serviceCategories: z.array(keyed),
  slaPolicies: z.array(keyed.extend({ priority: z.string(), response_minutes: z.number(), resolution_minutes: z.number() })),
  scenarios: z.array(keyed),
  departments: z.array(keyed),
  positions: z.array(keyed.extend({ department_id: z.uuid().nullable(), min_salary: money, max_salary: money })),
  leaveTypes: z.array(keyed.extend({ days_per_year: z.union([z.string(), z.number()]).transform(Number) })),
});
export type Reference = z.infer<typeof referenceSchema>;

export async function loadReference(connection: CommonQueryMethods, schemaName: string): Promise<Reference> {
  const list = (table: string, columns: readonly string[], orderBy = "code") =>
    sql.fragment`coalesce((
      SELECT jsonb_agg(jsonb_build_object(${sql.join(
        columns.map((column) => sql.fragment`${sql.literalValue(column)}::text, ${sql.identifier([column])}`),
        sql.fragment`, `,
      )}) ORDER BY ${sql.identifier([orderBy])})
      FROM ${sql.identifier([schemaName, table])}), '[]'::jsonb)`;
  const lists = {
    units: list("units_of_measure", ["id", "code"]),
    taxRates: list("tax_rates", ["id", "code", "rate"]),
    priceLists: list("price_lists", ["id", "code"]),
    shippingMethods: list("shipping_methods", ["id", "code", "base_rate", "carrier", "service_level"]),
    warehouses: list("warehouses", ["id", "code"]),
    bins: list("bins", ["id", "code"]),
    fiscalPeriods: list("fiscal_periods", ["id", "start_date", "end_date"], "start_date"),
    accounts: list("chart_of_accounts", ["id", "code"]),
    journals: list("journals", ["id", "code"]),
    paymentTerms: list("payment_terms", ["id", "code", "due_days"]),
    taxCodes: list("tax_codes", ["id", "tax_rate_id"], "code"),
    bankAccounts: list("bank_accounts", ["id", "account_id"], "account_number"),
    faqCategories: list("faq_categories", ["id", "slug"], "slug"),
    channels: list("channels", ["id", "code", "kind"]),
    serviceCategories: list("service_categories", ["id", "code"]),
    slaPolicies: list("sla_policies", ["id", "code", "priority", "response_minutes", "resolution_minutes"]),
    scenarios: list("scenarios", ["id", "code"]),
    departments: list("departments", ["id", "code"]),
    positions: list("positions", ["id", "code", "department_id", "min_salary", "max_salary"]),
    leaveTypes: list("leave_types", ["id", "code", "days_per_year"]),
  } satisfies Record<keyof Reference, unknown>;
  return connection.oneFirst(
    sql.type(z.object({ reference: referenceSchema }))`
      SELECT jsonb_build_object(${sql.join(
        Object.entries(lists).map(([key, fragment]) => sql.fragment`${sql.literalValue(key)}::text, ${fragment}`),
        sql.fragment`, `,
      )}) AS reference`,
  );
}

/** One reference row by its code; a missing one means the tenant's reference data was edited away. */
export function byCode<T extends { code: string }>(rows: readonly T[], code: string, what: string): T {
  const row = rows.find((candidate) => candidate.code === code);
  if (!row) throw new Error(`The tenant has no ${what} with the code ${code}: its reference data is incomplete.`);
  return row;
}
