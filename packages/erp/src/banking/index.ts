// Banking: bank statements imported and matched to the ledger rows on the bank's ledger account.
export { type AutoMatchInput, type AutoMatchResult, autoMatch, autoMatchResult } from "./autoMatch.ts";
export { type BankBalances, bankBalances, loadBankBalances } from "./bankBalances.ts";
export { type BankLineWithMatches, bankLineWithMatches, loadBankLine } from "./bankLines.ts";
export { type ImportedStatement, type ImportStatementInput, importedStatement, importStatement } from "./importStatement.ts";
export { type MatchBankLineInput, matchBankLine, unmatchBankLine } from "./matchBankLine.ts";
export type { StatementRowInput } from "./parseStatement.ts";
export { type BankLineKind, type PostBankLineInput, postBankLine } from "./postBankLine.ts";
export { listUnmatchedLedger, type UnmatchedLedgerRow, unmatchedLedgerRow } from "./unmatchedLedger.ts";
