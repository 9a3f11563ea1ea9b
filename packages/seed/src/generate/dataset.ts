import type { NewRow, SeedTable } from "../db/seedTables.ts";

/** Generated rows by table, in memory until they are inserted (one statement per table). */
export class Dataset {
  private readonly tables = new Map<SeedTable, NewRow<SeedTable>[]>();

  /** Adds a row and returns it, so generators keep what later rows refer to (every seeded table has an id). */
  add<T extends SeedTable>(table: T, row: NewRow<T> & { id: string }): NewRow<T> & { id: string } {
    let rows = this.tables.get(table);
    if (!rows) {
      rows = [];
      this.tables.set(table, rows);
    }
    rows.push(row as NewRow<SeedTable>);
    return row;
  }

  rows<T extends SeedTable>(table: T): readonly NewRow<T>[] {
    return (this.tables.get(table) ?? []) as NewRow<T>[];
  }
}
