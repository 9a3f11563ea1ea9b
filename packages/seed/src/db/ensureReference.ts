import type { Module } from "@erp/tenancy";
import type { CommonQueryMethods } from "slonik";
import type { Calendar } from "../generate/calendar.ts";
import { idFactory, seededFaker } from "../generate/context.ts";
import { Dataset } from "../generate/dataset.ts";
import { loadReference, type Reference } from "../reference/loadReference.ts";
import { referenceModules } from "../reference/referenceModules.ts";
import type { ColumnTypes } from "./columnTypes.ts";
import { insertDataset } from "./insertDataset.ts";
import type { SeedTable } from "./seedTables.ts";

/**
 * The tenant's reference data for the given modules, created for the modules that lack it (a new
 * tenant, or one that moved up a tier) and read back as the generators see it. Modules are done in
 * order because later ones point at earlier ones (tax codes at tax rates, channels at the warehouse).
 */
export async function ensureReference(
  connection: CommonQueryMethods,
  options: { schemaName: string; modules: readonly Module[]; seed: string; calendar: Calendar; columnTypes: ColumnTypes },
): Promise<{ reference: Reference; inserted: Partial<Record<SeedTable, number>> }> {
  let reference = await loadReference(connection, options.schemaName);
  const faker = seededFaker(`${options.seed}:reference`);
  const id = idFactory(faker, options.calendar, 0);
  const inserted: Partial<Record<SeedTable, number>> = {};
  for (const module of options.modules) {
    const referenceModule = referenceModules[module];
    if (!referenceModule || referenceModule.present(reference)) continue;
    const data = new Dataset();
    referenceModule.generate({ faker, id, calendar: options.calendar, reference, data });
    const { schemaName, calendar, columnTypes } = options;
    Object.assign(inserted, await insertDataset(connection, { schemaName, data, stamp: calendar.base, columnTypes }));
    reference = await loadReference(connection, options.schemaName);
  }
  return { reference, inserted };
}
