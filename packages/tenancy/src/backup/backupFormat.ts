import { z } from "zod";
import { tiers } from "../tiers.ts";

/**
 * A tenant backup is one gzip stream of text lines:
 *
 *   {header}                              format, version, the tenant (slug, name, tier, template build), its tables
 *   {"table": t, "columns": [...]}        for each table, in foreign-key order:
 *   <COPY text rows of t, one per line>     the rows exactly as `COPY t (columns) TO STDOUT` prints them
 *   \.                                      end of the rows (a row can never be this line: COPY escapes a backslash as \\)
 *   {"table": t, "rows": n, "sha256": h}    how many rows and the sha256 of their bytes
 *   {"end": true, ...}                    the totals and the sequences' values: a file without it is truncated
 *
 * Tables only, never structure: the structure is the template build the header names, rebuilt on restore.
 */
export const backupFormat = "erp-tenant-backup";
export const backupFormatVersion = 1;
export const endOfRows = "\\.";

export const tableShape = z.object({ name: z.string().min(1), columns: z.array(z.string().min(1)).min(1) });
export type BackupTable = z.infer<typeof tableShape>;

export const backupHeader = z.object({
  format: z.literal(backupFormat),
  formatVersion: z.number().int().positive(),
  takenAt: z.string(),
  tenant: z.object({
    slug: z.string(),
    name: z.string(),
    tier: z.enum(tiers),
    /** The template build the tenant recorded, its version number and its catalog fingerprint. */
    templateVersion: z.string(),
    templateVersionNumber: z.number().int().nonnegative(),
    fingerprint: z.string().nullable(),
  }),
  tables: z.array(tableShape),
});
export type BackupHeader = z.infer<typeof backupHeader>;

export const tableStart = z.object({ table: z.string(), columns: z.array(z.string()) });
export const tableEnd = z.object({ table: z.string(), rows: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export const sequenceValue = z.object({ name: z.string(), lastValue: z.string(), isCalled: z.boolean() });
export type SequenceValue = z.infer<typeof sequenceValue>;

export const backupEnd = z.object({
  end: z.literal(true),
  tables: z.number().int().nonnegative(),
  rows: z.number().int().nonnegative(),
  sequences: z.array(sequenceValue),
});
