import type { Module } from "@erp/tenancy";
import type { FragmentSqlToken, IdentifierSqlToken } from "slonik";

/**
 * One rule the demo data must keep, as a query over the tenant's tables that returns a row per
 * thing checked: `subject` (what it is, for sorting), `ok`, and `detail` (what is wrong, shown
 * for the first failing row). Tables are named through `table(name)`, qualified by the tenant's schema.
 */
export type Invariant = {
  /** The module whose data the rule is about: it applies to tenants whose tier serves it. */
  module: Module;
  name: string;
  /** What the rows are, in the plural ("orders"). */
  subjects: string;
  query: (table: (name: string) => IdentifierSqlToken) => FragmentSqlToken;
};

export type InvariantResult = { name: string; ok: boolean; detail: string };
