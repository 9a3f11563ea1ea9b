export { type EntrySummary, type EntryWithLines, entrySummary, entryWithLines, getEntry, listEntries } from "./entries.ts";
export { type FiscalYearWithPeriods, fiscalYearWithPeriods, openFiscalYear } from "./fiscalYears.ts";
export {
  createJournal,
  type ManualJournal,
  type ManualJournalLine,
  postJournal,
  removeJournal,
  reverseJournal,
  updateJournal,
} from "./journals.ts";
export { type AccountLedger, accountLedger, accountLedgerFor, ledgerMovement } from "./ledger.ts";
export { closePeriod, listPeriods, reopenPeriod } from "./periods.ts";
export {
  type BalanceSheet,
  balanceSheet,
  balanceSheetAsOf,
  type ProfitAndLoss,
  profitAndLoss,
  profitAndLossBetween,
  type TrialBalance,
  trialBalance,
  trialBalanceAsOf,
} from "./reports.ts";
