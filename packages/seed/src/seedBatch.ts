import type { CommonQueryMethods } from "slonik";
import { sql } from "slonik";
import { advanceDocumentSeries } from "./db/advanceDocumentSeries.ts";
import type { ColumnTypes } from "./db/columnTypes.ts";
import { insertDataset } from "./db/insertDataset.ts";
import { loadLedgerState } from "./db/loadLedgerState.ts";
import { type SeedTable, seedTables } from "./db/seedTables.ts";
import { upsertSalesRollups } from "./db/upsertSalesRollups.ts";
import { salesRollups } from "./generate/analytics.ts";
import { Calendar } from "./generate/calendar.ts";
import { idFactory, seededFaker } from "./generate/context.ts";
import { Dataset } from "./generate/dataset.ts";
import { generateUnit } from "./generate/generateUnit.ts";
import { demoTag, unitTag } from "./generate/keyTag.ts";
import { historyStartDaysBefore } from "./generate/orderShapes.ts";
import { Postings } from "./generate/postings.ts";
import type { Order } from "./generate/sales.ts";
import type { TableCounts } from "./generate/unitPlan.ts";
import type { Reference } from "./reference/loadReference.ts";
import type { TierSpec } from "./tiers/tierSpec.ts";

/** Unit 0 is a tenant's demo data; seedAtScale adds units 1, 2, ... */
export type BatchUnit = { number: number; seed: string };

/**
 * What the books need in order: the journal (posting times and running balances continue the
 * ledger), and the documents that name their journal entry. They are written last, while the
 * batch holds the tenant's ledger, so concurrent batches post one after the other.
 */
const ledgerTables: readonly SeedTable[] = [
  "journal_entries",
  "journal_lines",
  "general_ledger",
  "tax_invoices",
  "tax_invoice_items",
  "payment_receipts",
  "receipt_allocations",
];

/**
 * Writes units of a tier's volume data into a tenant, inside the caller's transaction: every
 * unit generated in memory, inserted with one statement per table, then, holding the tenant's
 * ledger lock, the journal posted after what the ledger already holds and the sales rollups
 * brought up to date. The calendar is the tenant's (from its demo seed), so every batch lands in
 * the same fiscal periods and history window. The tenant's reference data must exist.
 */
export async function seedBatch(
  connection: CommonQueryMethods,
  options: {
    schemaName: string;
    spec: TierSpec;
    calendar: Calendar;
    reference: Reference;
    columnTypes: ColumnTypes;
    units: readonly BatchUnit[];
  },
): Promise<TableCounts> {
  const { schemaName, spec, calendar, reference, columnTypes } = options;
  const stamp = calendar.base;
  const modules = new Set(spec.modules);
  const postings = new Postings();
  const data = new Dataset();
  const orders: Order[] = [];
  // The rollups' new rows take ids after the batch's last unit.
  let nextId = () => "";
  for (const unit of options.units) {
    const faker = seededFaker(unit.seed);
    nextId = idFactory(faker, calendar, unit.number + 1);
    const tag = unit.number === 0 ? demoTag : unitTag(unit.number);
    const context = { faker, id: nextId, calendar, reference, data, volumes: spec.volumes, modules, tag, stockEvents: [] };
    orders.push(...generateUnit(context, postings).orders);
  }
  const tables = await insertDataset(connection, {
    schemaName,
    data,
    stamp,
    columnTypes,
    tables: seedTables.filter((table) => !ledgerTables.includes(table)),
  });

  await connection.query(sql.unsafe`SELECT pg_advisory_xact_lock(hashtext(${`erp.seed.ledger:${schemaName}`}))`);
  if (modules.has("finance")) {
    const ledger = await loadLedgerState(connection, schemaName);
    postings.post(ledger.lastPostedAt, ledger.balances);
    Object.assign(tables, await insertDataset(connection, { schemaName, data, stamp, columnTypes, tables: ledgerTables }));
  }
  await advanceDocumentSeries(connection, schemaName);
  if (modules.has("analytics")) {
    const rollups = await upsertSalesRollups(connection, {
      schemaName,
      ...salesRollups(orders, new Map(data.rows("order_attributions").map((row) => [row.order_id, row.channel_id]))),
      id: nextId,
      period: { start: Calendar.day(calendar.before(historyStartDaysBefore)), end: Calendar.day(calendar.before(1)) },
      stamp,
    });
    Object.assign(tables, rollups);
  }
  // Rows the database's triggers wrote as the seed inserted others count as written too.
  for (const [written, by] of rowsWrittenByTriggers) {
    const count = tables[by];
    if (count) tables[written] = (tables[written] ?? 0) + count;
  }
  return tables;
}

/**
 * Tables a trigger writes one row of for each row the seed inserts into another: a service
 * request's first status enters its history (db/template/08_service.sql).
 */
const rowsWrittenByTriggers: readonly (readonly [written: SeedTable, by: SeedTable])[] = [
  ["service_request_status_history", "service_requests"],
];

export function totalRows(tables: TableCounts): number {
  return Object.values(tables).reduce((total, count) => total + count, 0);
}
