import { ConflictError, findPgError, NotFoundError, type TenantQueries } from "@erp/db";
import { type TableName, tables } from "@erp/db-types";
import { type Actor, recordAudit } from "@erp/erp";
import type { Module } from "@erp/tenancy";
import { type FragmentSqlToken, type ListSqlToken, sql, type ValueExpression } from "slonik";
import { z } from "zod";
import type { SessionUser } from "../auth/sessionUser.ts";
import { moduleProcedure } from "../trpc.ts";
import { id, page, pageOf } from "../validation/fields.ts";

type AnyObject = z.ZodObject<z.ZodRawShape>;

export type CrudConfig<Row extends AnyObject, Create extends AnyObject, Update extends AnyObject, Filters extends z.ZodRawShape> = {
  module: Module;
  /** Table in the tenant schema (unqualified: search_path is the tenant's). */
  table: TableName;
  /** For messages and docs: "product", "price list". */
  entity: string;
  /** The generated row type of the table (@erp/db-types): validates every row read. */
  row: Row;
  create: Create;
  update: Update;
  /** Equality filters of `list` (column → schema). */
  filters?: Filters;
  /** Columns `list` searches for `search` (case-insensitive substring). */
  search?: readonly string[];
  /** `archive` sets this status; without it there is no `archive`. */
  archiveStatus?: string;
  /** Offer `remove` (hard delete); a row still referenced answers CONFLICT. */
  removable?: boolean;
  /** Extra columns for new rows (generated numbers, created_by): given the parsed input and the user. */
  prepare?: (input: z.output<Create>, user: SessionUser) => Record<string, unknown>;
};

/**
 * Plain CRUD over one tenant table: list (keyset, filters, search), get, create, update, and
 * archive or remove. Workflows (orders, stock) are written by hand; this serves the rest.
 * Every write records an audit row in its transaction (entity = the table; the changed fields
 * before and after; the user and request id), so the row exists exactly when the change does.
 * Column names come from the generated table facts and the zod schemas written in this
 * codebase, never from the client.
 */
export function createCrudProcedures<
  Row extends AnyObject,
  Create extends AnyObject,
  Update extends AnyObject,
  Filters extends z.ZodRawShape = Record<never, never>,
>(config: CrudConfig<Row, Create, Update, Filters>) {
  const table = sql.identifier([config.table]);
  const columns = tables[config.table].columns;
  const rowQuery = (fragment: FragmentSqlToken) => sql.type(config.row)`${fragment}`;
  const missing = (rowId: string) => new NotFoundError(`No ${config.entity} has the id ${rowId}.`);
  /** The row as it is, locked until the transaction ends: the "before" of an update. */
  const lockedRow = (tx: TenantQueries, rowId: string) =>
    tx.maybeOne(rowQuery(sql.fragment`SELECT ${columns} FROM ${table} WHERE id = ${rowId} FOR UPDATE`)) as Promise<Record<
      string,
      unknown
    > | null>;
  /** An update (or archive) that is audited with the fields it changed. */
  const auditedUpdate = async (
    ctx: { tx: TenantQueries; actor: Actor },
    action: string,
    rowId: string,
    values: Record<string, unknown>,
  ) => {
    const before = await lockedRow(ctx.tx, rowId);
    if (!before) throw missing(rowId);
    const after = (await updateRow(ctx.tx, table, columns, rowId, values, config.row)) as Record<string, unknown> | null;
    if (!after) throw missing(rowId);
    await recordAudit(ctx.tx, ctx.actor, { action, entity: config.table, entityId: rowId, before, after });
    return after;
  };
  const read = moduleProcedure(config.module, "read");
  const write = moduleProcedure(config.module, "write");
  const listInput = z.object({
    ...page,
    ...(config.filters ?? ({} as Filters)),
    ...(config.search ? { search: z.string().max(200).optional() } : {}),
  });

  const procedures = {
    list: read
      .meta({
        summary: `Lists ${config.entity} rows, oldest first${config.search ? `; \`search\` matches ${config.search.join(", ")}` : ""}.`,
      })
      .input(listInput)
      .output(pageOf(config.row))
      .query(async ({ ctx, input: rawInput }) => {
        const input = rawInput as unknown as { cursor?: string; limit: number; search?: string } & Record<string, unknown>;
        const conditions: FragmentSqlToken[] = [];
        if (input.cursor) conditions.push(sql.fragment`id > ${input.cursor}`);
        for (const key of Object.keys(config.filters ?? {})) {
          const value = input[key];
          if (value !== undefined) conditions.push(sql.fragment`${sql.identifier([key])} = ${value as ValueExpression}`);
        }
        const search = input.search?.trim().toLowerCase();
        if (config.search && search) {
          conditions.push(
            sql.fragment`(${sql.join(
              config.search.map((column) => sql.fragment`strpos(lower(${sql.identifier([column])}), ${search}) > 0`),
              sql.fragment` OR `,
            )})`,
          );
        }
        const where = conditions.length > 0 ? sql.fragment`WHERE ${sql.join(conditions, sql.fragment` AND `)}` : sql.fragment``;
        const rows = await ctx.tx.any(
          rowQuery(sql.fragment`SELECT ${columns} FROM ${table} ${where} ORDER BY id LIMIT ${input.limit + 1}`),
        );
        return paginate(rows as unknown as { id: string }[], input.limit) as never;
      }),

    get: read
      .meta({ summary: `One ${config.entity} by id.`, errors: ["NOT_FOUND"] })
      .input(z.object({ id }))
      .output(config.row)
      .query(async ({ ctx, input }) => {
        const row = await ctx.tx.maybeOne(rowQuery(sql.fragment`SELECT ${columns} FROM ${table} WHERE id = ${input.id}`));
        if (!row) throw missing(input.id);
        return row as never;
      }),

    create: write
      .meta({ summary: `Creates a ${config.entity}.`, errors: ["CONFLICT", "NOT_FOUND"] })
      .input(config.create)
      .output(config.row)
      .mutation(async ({ ctx, input }) => {
        const values = { ...(config.prepare?.(input as z.output<Create>, ctx.user) ?? {}), ...definedEntries(input) };
        const row = (await insertRow(ctx.tx, table, columns, values, config.row)) as Record<string, unknown> & { id: string };
        await recordAudit(ctx.tx, ctx.actor, { action: "create", entity: config.table, entityId: row.id, after: row });
        return row as never;
      }),

    update: write
      .meta({ summary: `Changes the given fields of a ${config.entity}.`, errors: ["CONFLICT", "NOT_FOUND"] })
      .input(z.object({ id, patch: config.update }))
      .output(config.row)
      .mutation(async ({ ctx, input: rawInput }) => {
        const input = rawInput as unknown as { id: string; patch: object };
        return (await auditedUpdate(ctx, "update", input.id, definedEntries(input.patch))) as never;
      }),
  };

  const archiveStatus = config.archiveStatus;
  const archive = archiveStatus
    ? write
        .meta({ summary: `Archives a ${config.entity} (status '${archiveStatus}'); it stays for history.`, errors: ["NOT_FOUND"] })
        .input(z.object({ id }))
        .output(config.row)
        .mutation(async ({ ctx, input }) => (await auditedUpdate(ctx, "archive", input.id, { status: archiveStatus })) as never)
    : undefined;

  const remove = config.removable
    ? write
        .meta({ summary: `Deletes a ${config.entity}; one still in use answers CONFLICT.`, errors: ["NOT_FOUND", "CONFLICT"] })
        .input(z.object({ id }))
        .output(z.object({ id }))
        .mutation(async ({ ctx, input }) => {
          try {
            const deleted = (await ctx.tx.maybeOne(
              rowQuery(sql.fragment`DELETE FROM ${table} WHERE id = ${input.id} RETURNING ${columns}`),
            )) as (Record<string, unknown> & { id: string }) | null;
            if (!deleted) throw missing(input.id);
            await recordAudit(ctx.tx, ctx.actor, { action: "delete", entity: config.table, entityId: deleted.id, before: deleted });
            return { id: deleted.id };
          } catch (error) {
            if (findPgError(error)?.code === "23503") throw new ConflictError(`The ${config.entity} is still in use.`, { cause: error });
            throw error;
          }
        })
    : undefined;

  return { ...procedures, ...(archive ? { archive } : {}), ...(remove ? { remove } : {}) } as typeof procedures & {
    archive: NonNullable<typeof archive>;
    remove: NonNullable<typeof remove>;
  };
}

/** `{ items, nextCursor }` from `limit + 1` rows ordered by id. */
export function paginate<T extends { id: string }>(rows: readonly T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/** INSERT of the given columns (objects and arrays go in as jsonb), returning the row. */
export async function insertRow<Row extends AnyObject>(
  tx: TenantQueries,
  table: FragmentSqlToken | ReturnType<typeof sql.identifier>,
  columns: FragmentSqlToken | ListSqlToken,
  values: Record<string, unknown>,
  row: Row,
): Promise<z.output<Row>> {
  const keys = Object.keys(values);
  return tx.one(sql.type(row)`
    INSERT INTO ${table} (${sql.join(
      keys.map((key) => sql.identifier([key])),
      sql.fragment`, `,
    )})
    VALUES (${sql.join(
      keys.map((key) => toValue(values[key])),
      sql.fragment`, `,
    )})
    RETURNING ${columns}`) as Promise<z.output<Row>>;
}

/** UPDATE of the given columns (and updated_at), returning the row; null when no row has the id. */
export async function updateRow<Row extends AnyObject>(
  tx: TenantQueries,
  table: FragmentSqlToken | ReturnType<typeof sql.identifier>,
  columns: FragmentSqlToken | ListSqlToken,
  rowId: string,
  values: Record<string, unknown>,
  row: Row,
): Promise<z.output<Row> | null> {
  const assignments = Object.keys(values).map((key) => sql.fragment`${sql.identifier([key])} = ${toValue(values[key])}`);
  assignments.push(sql.fragment`updated_at = now()`);
  return tx.maybeOne(sql.type(row)`
    UPDATE ${table} SET ${sql.join(assignments, sql.fragment`, `)} WHERE id = ${rowId} RETURNING ${columns}`) as Promise<z.output<Row> | null>;
}

function toValue(value: unknown): ValueExpression {
  if (value !== null && typeof value === "object") return sql.jsonb(value as never);
  return value as ValueExpression;
}

function definedEntries(input: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}
