import { ConflictError, InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { payrollRunsRow } from "@erp/db-types";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";
import { postEntry } from "../books/postEntry.ts";
import { loadPayrollRun, type PayrollRunWithPayslips } from "./payroll.ts";

export type PayPayrollRunInput = {
  id: string;
  /** YYYY-MM-DD, not before the period's first day; today when left out. */
  paid_on?: string | undefined;
  /** The bank account the net pay leaves from (its ledger account is credited); the `bank` purpose when left out. */
  bank_account_id?: string | undefined;
};

/**
 * Pays an approved run's net pay out: Dr salaries payable (what the approval credited) / Cr bank,
 * bank journal, dated paid_on; the run becomes `paid` with the payment's entry. Once only: a run
 * already paid answers CONFLICT (the run row is locked first, so two concurrent payments queue and
 * the second finds it paid), and the database accepts approved → paid only, never twice
 * (`payroll_frozen`). The deductions withheld stay on payroll deductions payable: they are paid to
 * the authorities, not to the employees.
 */
export async function payPayrollRun(tx: TenantQueries, input: PayPayrollRunInput, actor: Actor): Promise<PayrollRunWithPayslips> {
  const run = await tx.maybeOne(sql.type(payrollRunsRow.extend({ paidOn: z.string() }))`
    SELECT *, coalesce(${input.paid_on ?? null}::date, current_date)::text AS "paidOn" FROM payroll_runs WHERE id = ${input.id} FOR UPDATE`);
  if (!run) throw new NotFoundError(`No payroll run has the id ${input.id}.`);
  if (run.status === "paid") {
    throw new ConflictError(`Payroll run ${run.run_number} is already paid (${run.pay_date ?? "paid"}): a run is paid once.`);
  }
  if (run.status !== "approved") throw new ConflictError(`Payroll run ${run.run_number} is ${run.status}: only an approved run is paid.`);
  if (run.paidOn < run.period_start) {
    throw new InvalidInputError(`paid_on: ${run.paidOn} lies before the run's period, which starts on ${run.period_start}.`);
  }
  let bankAccount: { id: string } | null = null;
  if (input.bank_account_id) {
    const account = await tx.maybeOne(sql.type(z.object({ ledgerAccountId: z.uuid(), active: z.boolean(), name: z.string() }))`
      SELECT account_id AS "ledgerAccountId", is_active AS active, name FROM bank_accounts WHERE id = ${input.bank_account_id}`);
    if (!account) throw new NotFoundError(`bank_account_id: no bank account has the id ${input.bank_account_id}.`);
    if (!account.active) throw new InvalidInputError(`bank_account_id: bank account ${account.name} is not active.`);
    bankAccount = { id: account.ledgerAccountId };
  }
  const net = run.total_net;
  // Posted last: the journal's number series and the accounts' ledger rows stay locked until commit.
  const entry =
    Number(net) === 0
      ? null
      : await postEntry(
          tx,
          {
            date: run.paidOn,
            journal: "BANK",
            description: `Net pay of payroll ${run.run_number}`,
            reference: run.run_number,
            source: { type: "payroll_payment", id: input.id },
            lines: [
              { account: "salaries_payable", debit: net, description: "Net pay owed" },
              { account: bankAccount ?? "bank", credit: net, description: "Net pay paid" },
            ],
          },
          actor,
        );
  await tx.query(sql.unsafe`
    UPDATE payroll_runs SET status = 'paid', paid_at = ${run.paidOn}::date + localtime, pay_date = ${run.paidOn}::date,
      bank_account_id = ${input.bank_account_id ?? null}::uuid, payment_journal_entry_id = ${entry?.id ?? null}::uuid, updated_at = now()
    WHERE id = ${input.id}`);
  await recordAudit(tx, actor, {
    action: "pay",
    entity: "payroll_runs",
    entityId: input.id,
    before: { status: run.status },
    after: { status: "paid", pay_date: run.paidOn, journal_entry: entry?.entryNumber ?? null },
  });
  return loadPayrollRun(tx, input.id);
}
