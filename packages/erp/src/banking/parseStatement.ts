import { InvalidInputError } from "@erp/db";
import { parse } from "csv-parse/sync";
import { formatSigned, parseSigned } from "./signedMoney.ts";

/** One row of a statement as given: a signed amount, or a debit (money out) or a credit (money in). */
export type StatementRowInput = {
  date: string;
  description?: string | null | undefined;
  reference?: string | null | undefined;
  amount?: string | null | undefined;
  debit?: string | null | undefined;
  credit?: string | null | undefined;
  balance?: string | null | undefined;
};

/** A row that passed every check: amount in ten-thousandths (+ money in, - money out). */
export type StatementRow = {
  row: number;
  date: string;
  description: string | null;
  reference: string | null;
  amount: bigint;
  balance: bigint | null;
};

const columns = ["date", "description", "reference", "amount", "debit", "credit", "balance"] as const;
const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Reads a statement given as CSV text (a header row naming the columns date, description,
 * reference, amount or debit/credit, and optionally balance, in any order and case). Row numbers
 * count the header as row 1, as a spreadsheet shows them. A file that cannot be read as CSV at all
 * is one BAD_REQUEST sentence; rows are checked by `checkRows`.
 */
export function readCsv(text: string): StatementRowInput[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: false }) as string[][];
  } catch (error) {
    throw new InvalidInputError(`csv: the file is not valid CSV (${(error as Error).message}).`, { cause: error });
  }
  const [header, ...rows] = records;
  if (!header) throw new InvalidInputError("csv: the file is empty; it needs a header row and at least one statement row.");
  const names = header.map((name) => name.toLowerCase());
  const unknown = names.filter((name) => !(columns as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new InvalidInputError(
      `csv: unknown column ${unknown.map((name) => `'${name}'`).join(", ")}; the columns are ${columns.join(", ")}.`,
    );
  }
  if (!names.includes("date")) throw new InvalidInputError("csv: the header has no 'date' column.");
  if (!names.includes("amount") && !names.includes("debit") && !names.includes("credit")) {
    throw new InvalidInputError("csv: the header needs an 'amount' column or 'debit' and 'credit' columns.");
  }
  return rows.map((cells) => {
    const row: Record<string, string> = {};
    for (const [index, name] of names.entries()) row[name] = cells[index] ?? "";
    return row as StatementRowInput;
  });
}

/**
 * Checks every row and answers all bad rows at once (row number and one sentence each), so a
 * statement is imported whole or not at all. `firstRow` is the number of the first row (2 for a
 * CSV file under its header, 1 for rows given as a list). When rows carry balances, each balance
 * must follow from the one before plus the row's amount: that also proves the rows are in order.
 */
export function checkRows(inputs: readonly StatementRowInput[], firstRow: number): StatementRow[] {
  if (inputs.length === 0) throw new InvalidInputError("rows: the statement has no rows.");
  if (inputs.length > 5000) throw new InvalidInputError("rows: a statement has at most 5000 rows; split the file.");
  const problems: string[] = [];
  const rows: StatementRow[] = [];
  let previous: { balance: bigint | null } | null = null;
  for (const [index, input] of inputs.entries()) {
    const row = firstRow + index;
    const problem = (sentence: string) => problems.push(`row ${row}: ${sentence}`);
    const date = (input.date ?? "").trim();
    const amountText = (input.amount ?? "").trim();
    const debitText = (input.debit ?? "").trim();
    const creditText = (input.credit ?? "").trim();
    const balanceText = (input.balance ?? "").trim();
    const description = cleanText(input.description);
    const reference = cleanText(input.reference);

    if (!validDate(date)) {
      problem(date === "" ? "date is missing." : `date '${date}' is not a calendar date written YYYY-MM-DD.`);
      previous = null;
      continue;
    }
    let amount: bigint | null = null;
    if (amountText !== "") {
      if (debitText !== "" || creditText !== "") {
        problem("give either amount or debit/credit, not both.");
      } else {
        amount = parseSigned(amountText);
        if (amount === null) problem(`amount '${amountText}' is not a number with at most 14 digits before and 4 after the point.`);
      }
    } else if (debitText !== "" && creditText !== "") {
      problem("give a debit (money out) or a credit (money in), not both.");
    } else if (debitText === "" && creditText === "") {
      problem("amount is missing (or a debit or a credit).");
    } else {
      const text = debitText !== "" ? debitText : creditText;
      const magnitude = /^[+]?\d/.test(text) ? parseSigned(text) : null;
      if (magnitude === null) {
        problem(
          `${debitText !== "" ? "debit" : "credit"} '${text}' is not a number ≥ 0 with at most 14 digits before and 4 after the point.`,
        );
      } else {
        amount = debitText !== "" ? -magnitude : magnitude;
      }
    }
    if (amount === 0n) {
      problem("amount is 0; a statement line moves money.");
      amount = null;
    }
    let balance: bigint | null = null;
    if (balanceText !== "") {
      balance = parseSigned(balanceText);
      if (balance === null) problem(`balance '${balanceText}' is not a number with at most 14 digits before and 4 after the point.`);
    }
    if (description !== null && description.length > 500) problem("description is longer than 500 characters.");
    if (reference !== null && reference.length > 200) problem("reference is longer than 200 characters.");
    if (amount !== null && balance !== null && previous?.balance != null && previous.balance + amount !== balance) {
      problem(
        `balance ${formatSigned(balance)} is not the previous row's balance ${formatSigned(previous.balance)} plus the amount ${formatSigned(amount)}.`,
      );
    }
    previous = { balance: amount === null ? null : balance };
    if (amount !== null) rows.push({ row, date, description, reference, amount, balance });
  }
  if (problems.length > 0) {
    throw new InvalidInputError(
      `The statement was not imported: ${problems.length} ${problems.length === 1 ? "row is" : "rows are"} wrong.\n${problems.join("\n")}`,
    );
  }
  return rows;
}

function cleanText(text: string | null | undefined): string | null {
  const trimmed = (text ?? "").replaceAll("\u0000", "").trim();
  return trimmed === "" ? null : trimmed;
}

function validDate(text: string): boolean {
  const match = isoDate.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && year <= 2999 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
