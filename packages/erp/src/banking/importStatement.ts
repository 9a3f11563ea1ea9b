import { createHash } from "node:crypto";
import { InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { bankStatementsColumns, bankStatementsRow } from "@erp/db-types";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";
import { checkRows, readCsv, type StatementRow, type StatementRowInput } from "./parseStatement.ts";
import { formatSigned, parseSigned, units } from "./signedMoney.ts";

export type ImportStatementInput = {
  bank_account_id: string;
  /** The statement as CSV text with a header row, or … */
  csv?: string | undefined;
  /** … as rows. Exactly one of the two. */
  rows?: readonly StatementRowInput[] | undefined;
  /** The statement's closing balance when its rows carry none (or to state it again). */
  closing_balance?: string | null | undefined;
};

export const importedStatement = z.object({
  statement: bankStatementsRow,
  /** Rows added now, and rows that earlier imports had already brought (left as they were). */
  imported: z.number(),
  duplicates: z.number(),
});
export type ImportedStatement = z.infer<typeof importedStatement>;

const lockedBank = z.object({ id: z.uuid(), currency: z.string(), openingBalance: z.string() });

/**
 * Imports one bank statement: every row is checked first and all bad rows are answered together
 * (nothing is imported when one is bad). Each line's key is a hash of its content (date, amount,
 * description, reference) and of how many identical lines came before it in the same statement,
 * stored as external_id under the unique key (bank account, external_id): importing the same
 * statement again, or one that overlaps an earlier one, adds only the lines not seen before.
 * When the statement gives a closing balance (its last row's balance, or `closing_balance`), the
 * bank account's opening balance plus every line imported so far must come to it: a gap (a
 * missing earlier statement) is refused rather than reconciled against.
 */
export async function importStatement(tx: TenantQueries, input: ImportStatementInput, actor: Actor): Promise<ImportedStatement> {
  if ((input.csv === undefined) === (input.rows === undefined)) {
    throw new InvalidInputError("csv: give the statement either as csv text or as rows, not both and not neither.");
  }
  const rows = input.csv !== undefined ? checkRows(readCsv(input.csv), 2) : checkRows(input.rows ?? [], 1);
  let closing: bigint | null = rows.at(-1)?.balance ?? null;
  if (input.closing_balance !== undefined && input.closing_balance !== null) {
    const given = parseSigned(input.closing_balance);
    if (given === null)
      throw new InvalidInputError("closing_balance: must be a number with at most 14 digits before and 4 after the point.");
    if (closing !== null && closing !== given) {
      throw new InvalidInputError(`closing_balance: ${formatSigned(given)} differs from the last row's balance ${formatSigned(closing)}.`);
    }
    closing = given;
  }
  const first = rows[0] as StatementRow;
  const opening = first.balance === null ? null : first.balance - first.amount;

  // One import per bank account at a time: the duplicate check and the balance check see every line.
  const bank = await tx.maybeOne(sql.type(lockedBank)`
    SELECT id, currency, opening_balance::text AS "openingBalance" FROM bank_accounts WHERE id = ${input.bank_account_id} FOR UPDATE`);
  if (!bank) throw new NotFoundError(`No bank account has the id ${input.bank_account_id}.`);

  const keyed = withContentKeys(rows);
  const existing = new Set(
    await tx.anyFirst(sql.type(z.object({ external_id: z.string() }))`
      SELECT external_id FROM bank_transactions
      WHERE bank_account_id = ${bank.id} AND external_id = ANY(${sql.array(
        keyed.map((line) => line.key),
        "text",
      )})`),
  );
  const fresh = keyed.filter((line) => !existing.has(line.key));
  const dates = rows.map((row) => row.date).sort();

  const statement = await tx.one(sql.type(bankStatementsRow)`
    INSERT INTO bank_statements (bank_account_id, start_date, end_date, opening_balance, closing_balance, line_count, new_line_count,
      currency, imported_by)
    VALUES (${bank.id}, ${dates[0] ?? first.date}::date, ${dates.at(-1) ?? first.date}::date,
      ${opening === null ? null : formatSigned(opening)}::numeric, ${closing === null ? null : formatSigned(closing)}::numeric,
      ${rows.length}, ${fresh.length}, ${bank.currency}, ${actor.userId}::uuid)
    RETURNING ${bankStatementsColumns}`);
  if (fresh.length > 0) {
    await tx.query(sql.unsafe`
      INSERT INTO bank_transactions (bank_account_id, bank_statement_id, transaction_date, amount, currency, description, reference,
        external_id, balance)
      SELECT ${bank.id}, ${statement.id}, l.transaction_date, l.amount, ${bank.currency}, l.description, l.reference, l.external_id, l.balance
      FROM ${sql.unnest(
        fresh.map((line) => [
          line.row.date,
          formatSigned(line.row.amount),
          line.row.description,
          line.row.reference,
          line.key,
          line.row.balance === null ? null : formatSigned(line.row.balance),
        ]),
        ["date", "numeric", "text", "text", "text", "numeric"],
      )} AS l(transaction_date, amount, description, reference, external_id, balance)
      ORDER BY l.transaction_date`);
  }

  if (closing !== null) {
    const total = await tx.oneFirst(sql.type(z.object({ total: z.string() }))`
      SELECT coalesce(sum(amount), 0)::text AS total FROM bank_transactions WHERE bank_account_id = ${bank.id}`);
    const expected = units(bank.openingBalance) + units(total);
    if (expected !== closing) {
      throw new InvalidInputError(
        `closing_balance: the statement closes at ${formatSigned(closing)}, but the bank account's opening balance ${bank.openingBalance} plus its imported lines comes to ${formatSigned(expected)}; import the statements before this one first, or correct the opening balance.`,
      );
    }
  }
  await recordAudit(tx, actor, {
    action: "import",
    entity: "bank_statements",
    entityId: statement.id,
    after: { ...statement, duplicates: rows.length - fresh.length },
  });
  return { statement, imported: fresh.length, duplicates: rows.length - fresh.length };
}

/** Each row with its content key: the hash of its content and of its place among identical rows. */
function withContentKeys(rows: readonly StatementRow[]): { row: StatementRow; key: string }[] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const content = JSON.stringify([row.date, formatSigned(row.amount), row.description ?? "", row.reference ?? ""]);
    const occurrence = seen.get(content) ?? 0;
    seen.set(content, occurrence + 1);
    return { row, key: `sha256:${createHash("sha256").update(`${content}#${occurrence}`).digest("hex")}` };
  });
}
