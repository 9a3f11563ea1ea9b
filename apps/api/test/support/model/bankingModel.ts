import type { ErpClient } from "@erp/client";
import { expect } from "vitest";
import { expectCode } from "../expectCode.ts";
import { text, units } from "./money.ts";

/** What happened at the bank: a deposit of one or more receipts, or a fee or interest with no document. */
type FeedRow = { reference: string; description: string; amount: bigint; receipts: number[]; kind: "deposit" | "bank_fee" | "interest" };
type Entry = { id: string; amount: bigint; matchedTo: string | null };
type Line = { id: string; feed: number; amount: bigint; status: "unreconciled" | "matched"; entries: string[] };

/**
 * The banking model: the bank's own feed of rows (what a statement will show), the bank postings
 * the books hold (receipts, fees, interest), the lines imported so far and what each is matched to.
 * Each command calls the API once or twice and checks the answer against the model.
 */
export class BankingWorld {
  readonly feed: FeedRow[] = [];
  readonly entries = new Map<string, Entry>();
  /** Receipt number (1, 2, …) → its journal entry id. */
  readonly receiptEntries: string[] = [];
  readonly lines: Line[] = [];
  imported = 0;
  operations = 0;
  refusals = 0;
  readonly kinds: Record<string, number> = {};

  constructor(
    private readonly client: ErpClient,
    private readonly bankId: string,
    private readonly opening: bigint,
    private readonly invoices: { id: string; customerId: string; open: bigint }[],
    private readonly today: string,
    private readonly random: () => number,
  ) {}

  private pick<T>(items: readonly T[]): T | undefined {
    return items[Math.floor(this.random() * items.length)];
  }

  private count(kind: string): void {
    this.operations++;
    this.kinds[kind] = (this.kinds[kind] ?? 0) + 1;
  }

  /** A receipt of a random amount on an open invoice; the bank shows it alone (by reference) or with the next one. */
  async receive(): Promise<void> {
    const invoice = this.pick(this.invoices.filter((candidate) => candidate.open >= 10_000n));
    if (!invoice) return;
    const cents = 100 + Math.floor(this.random() * 9900);
    const amount = BigInt(Math.min(cents * 100, Number(invoice.open)));
    const number = this.receiptEntries.length + 1;
    const reference = `PAY-${String(number).padStart(5, "0")}`;
    const receipt = await this.client.sales.receipts.create.mutate({
      customer_id: invoice.customerId,
      amount: text(amount),
      reference,
      allocations: [{ invoice_id: invoice.id, amount: text(amount) }],
    });
    this.count("receive");
    invoice.open -= amount;
    const entryId = receipt.journal_entry_id ?? "";
    this.receiptEntries.push(entryId);
    this.entries.set(entryId, { id: entryId, amount, matchedTo: null });
    const last = this.feed.at(-1);
    // About one deposit in four carries two receipts (paid in together, no single reference).
    if (last && last.kind === "deposit" && last.receipts.length === 1 && this.feed.length > this.imported && this.random() < 0.25) {
      last.receipts.push(number);
      last.amount += amount;
      last.reference = `DEP-${number}`;
      last.description = "Deposit of two payments";
    } else {
      this.feed.push({ reference, description: "Customer transfer", amount, receipts: [number], kind: "deposit" });
    }
  }

  /** The bank charges a fee or pays interest: no document in the books yet. */
  bankCharge(): void {
    const fee = this.random() < 0.6;
    const amount = BigInt(100 + Math.floor(this.random() * 2000)) * 100n;
    this.feed.push({
      reference: `BNK-${this.feed.length + 1}`,
      description: fee ? "Account fee" : "Interest",
      amount: fee ? -amount : amount,
      receipts: [],
      kind: fee ? "bank_fee" : "interest",
    });
  }

  /** Imports the feed since the last import, overlapping up to three rows already imported, as CSV or rows. */
  async importStatement(): Promise<void> {
    if (this.feed.length === this.imported) return;
    const overlap = Math.min(this.imported, Math.floor(this.random() * 4));
    const from = this.imported - overlap;
    let balance = this.opening + this.feed.slice(0, from).reduce((sum, row) => sum + row.amount, 0n);
    const rows = this.feed.slice(from).map((row) => {
      balance += row.amount;
      return { date: this.today, description: row.description, reference: row.reference, amount: text(row.amount), balance: text(balance) };
    });
    const asCsv = this.random() < 0.5;
    const result = asCsv
      ? await this.client.finance.bankStatements.import.mutate({
          bank_account_id: this.bankId,
          csv: [
            "date,description,reference,amount,balance",
            ...rows.map((r) => [r.date, r.description, r.reference, r.amount, r.balance].join(",")),
          ].join("\n"),
        })
      : await this.client.finance.bankStatements.import.mutate({ bank_account_id: this.bankId, rows });
    this.count("import");
    expect([result.imported, result.duplicates]).toEqual([this.feed.length - this.imported, overlap]);
    expect(result.statement.closing_balance).toBe(text(balance));
    // The new lines, in feed order (one reference per feed row).
    const fresh = await this.linesOf(result.statement.id);
    expect(fresh.length).toBe(this.feed.length - this.imported);
    for (let index = this.imported; index < this.feed.length; index++) {
      const row = this.feed[index];
      const line = fresh.find((candidate) => candidate.reference === row?.reference);
      expect(line?.amount).toBe(text(row?.amount ?? 0n));
      this.lines.push({ id: line?.id ?? "", feed: index, amount: row?.amount ?? 0n, status: "unreconciled", entries: [] });
    }
    this.imported = this.feed.length;
  }

  private async linesOf(statementId: string) {
    const all: { id: string; reference: string | null; amount: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.client.finance.bankLines.list.query({
        bank_account_id: this.bankId,
        bank_statement_id: statementId,
        limit: 100,
        cursor,
      });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  }

  /** A statement with a bad row is refused whole, naming the row; nothing changes. */
  async badImport(): Promise<void> {
    const bad = 2 + Math.floor(this.random() * 3);
    const rows = Array.from({ length: 4 }, (_, index) => ({
      date: index + 1 === bad ? "2026-13-01" : this.today,
      reference: `BAD-${index}`,
      amount: "1.00",
    }));
    const message = await expectCode(
      this.client.finance.bankStatements.import.mutate({ bank_account_id: this.bankId, rows }),
      "BAD_REQUEST",
    );
    expect(message).toContain(`row ${bad}: date '2026-13-01'`);
    this.count("badImport");
    this.refusals++;
  }

  /** Auto-match: every line the bank names by a receipt's reference, whose receipt is free, goes to that receipt. */
  async autoMatch(): Promise<void> {
    const expected = this.lines.filter((line) => {
      const row = this.feed[line.feed];
      const entry = row?.receipts.length === 1 ? this.entries.get(this.receiptEntries[(row.receipts[0] ?? 0) - 1] ?? "") : undefined;
      return line.status === "unreconciled" && row?.reference.startsWith("PAY-") && entry?.matchedTo === null;
    });
    const result = await this.client.finance.bankAccounts.autoMatch.mutate({ id: this.bankId });
    this.count("autoMatch");
    expect(result.examined).toBe(this.lines.filter((line) => line.status === "unreconciled").length);
    for (const match of result.matched) {
      const line = this.lines.find((candidate) => candidate.id === match.bank_transaction_id);
      const entry = this.entries.get(match.journal_entry_id);
      expect(line?.status).toBe("unreconciled");
      expect(entry?.matchedTo).toBeNull();
      expect(entry?.amount).toBe(line?.amount);
      if (line && entry) this.setMatched(line, [entry]);
    }
    for (const line of expected) {
      const row = this.feed[line.feed];
      expect(line.entries).toEqual([this.receiptEntries[(row?.receipts[0] ?? 0) - 1]]);
    }
  }

  /** Manual match of a line to the receipts it came from (one or two). */
  async manualMatch(): Promise<void> {
    const line = this.pick(
      this.lines.filter((candidate) => {
        const row = this.feed[candidate.feed];
        return (
          candidate.status === "unreconciled" &&
          row?.kind === "deposit" &&
          row.receipts.every((number) => this.entries.get(this.receiptEntries[number - 1] ?? "")?.matchedTo === null)
        );
      }),
    );
    if (!line) return;
    const entryIds = (this.feed[line.feed]?.receipts ?? []).map((number) => this.receiptEntries[number - 1] ?? "");
    const matched = await this.client.finance.bankLines.match.mutate({ id: line.id, journal_entry_ids: entryIds });
    this.count("manualMatch");
    expect(matched.status).toBe("matched");
    this.setMatched(
      line,
      entryIds.map((id) => this.entries.get(id) as Entry),
    );
  }

  /** A wrong manual match: an entry of another amount (BAD_REQUEST) or one already matched (CONFLICT). */
  async wrongMatch(): Promise<void> {
    const line = this.pick(this.lines.filter((candidate) => candidate.status === "unreconciled"));
    const entry = this.pick([...this.entries.values()]);
    if (!line || !entry || entry.amount === line.amount) return;
    const code = entry.matchedTo !== null ? "CONFLICT" : "BAD_REQUEST";
    await expectCode(this.client.finance.bankLines.match.mutate({ id: line.id, journal_entry_ids: [entry.id] }), code);
    this.count("wrongMatch");
    this.refusals++;
  }

  async unmatch(): Promise<void> {
    const line = this.pick(this.lines.filter((candidate) => candidate.status === "matched"));
    if (!line) return;
    const freed = await this.client.finance.bankLines.unmatch.mutate({ id: line.id });
    this.count("unmatch");
    expect([freed.status, freed.matches.length]).toEqual(["unreconciled", 0]);
    for (const id of line.entries) {
      const entry = this.entries.get(id);
      if (entry) entry.matchedTo = null;
    }
    line.status = "unreconciled";
    line.entries = [];
  }

  /** Posts a fee or interest line's entry, matched at once. */
  async postCharge(): Promise<void> {
    const line = this.pick(
      this.lines.filter((candidate) => candidate.status === "unreconciled" && this.feed[candidate.feed]?.kind !== "deposit"),
    );
    if (!line) return;
    const kind = this.feed[line.feed]?.kind === "bank_fee" ? "bank_fee" : "interest";
    const posted = await this.client.finance.bankLines.post.mutate({ id: line.id, kind });
    this.count("postCharge");
    expect(posted.matches.map((match) => match.amount)).toEqual([text(line.amount)]);
    const entry = { id: posted.journal_entry_id ?? "", amount: line.amount, matchedTo: null };
    this.entries.set(entry.id, entry);
    this.setMatched(line, [entry]);
  }

  private setMatched(line: Line, entries: Entry[]): void {
    line.status = "matched";
    line.entries = entries.map((entry) => entry.id);
    for (const entry of entries) entry.matchedTo = line.id;
  }

  /** The balances the API reports equal the model's. */
  async checkBalances(): Promise<void> {
    const balances = await this.client.finance.bankAccounts.balances.query({ id: this.bankId });
    this.count("balances");
    const sum = (amounts: bigint[]) => amounts.reduce((total, amount) => total + amount, 0n);
    const matchedLines = this.lines.filter((line) => line.status === "matched");
    const open = this.lines.filter((line) => line.status === "unreconciled");
    const entries = [...this.entries.values()];
    const free = entries.filter((entry) => entry.matchedTo === null);
    expect(balances.statement_balance).toBe(text(this.opening + sum(this.lines.map((line) => line.amount))));
    expect(balances.reconciled_balance).toBe(text(this.opening + sum(matchedLines.map((line) => line.amount))));
    expect(balances.reconciled_ledger_balance).toBe(balances.reconciled_balance);
    expect(balances.unreconciled_lines).toEqual({ count: open.length, total: text(sum(open.map((line) => line.amount))) });
    expect(balances.ledger_balance).toBe(text(sum(entries.map((entry) => entry.amount))));
    expect(balances.unmatched_ledger).toEqual({ count: free.length, total: text(sum(free.map((entry) => entry.amount))) });
  }
}

export { units };
