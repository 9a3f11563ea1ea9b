import type { DemoDataSeeder } from "@erp/tenancy";
import { loadColumnTypes } from "./db/columnTypes.ts";
import { ensureReference } from "./db/ensureReference.ts";
import { Calendar } from "./generate/calendar.ts";
import { baseDayOf } from "./generate/seedNumbers.ts";
import { seedBatch, totalRows } from "./seedBatch.ts";
import { specOf } from "./specOf.ts";

/**
 * The tier's demo data, written inside the provisioning transaction (a failure rolls the whole
 * tenant back): the reference data, then one unit of the tier's volumes. Everything follows from
 * `seed` and the day: the same seed on the same day gives the same rows, ids and dates included,
 * in whichever tenant it runs; the history ends today.
 */
export const seedDemoData: DemoDataSeeder = async (tx, { schemaName, tier, seed }) => {
  const spec = specOf(tier);
  const calendar = new Calendar(baseDayOf());
  const columnTypes = await loadColumnTypes(tx, schemaName);
  const { reference, inserted } = await ensureReference(tx, { schemaName, modules: spec.modules, seed, calendar, columnTypes });
  const tables = {
    ...inserted,
    ...(await seedBatch(tx, { schemaName, spec, calendar, reference, columnTypes, units: [{ number: 0, seed: `${seed}:unit:0` }] })),
  };
  return { rows: totalRows(tables), tables };
};
