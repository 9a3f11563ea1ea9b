import { router } from "../../trpc.ts";
import { accountsRouter } from "./accounts.ts";
import { bankAccountsRouter } from "./bankAccounts.ts";
import { bankLinesRouter } from "./bankLines.ts";
import { bankStatementsRouter } from "./bankStatements.ts";
import { costCentersRouter } from "./costCenters.ts";
import { entriesRouter } from "./entries.ts";
import { fiscalYearsRouter } from "./fiscalYears.ts";
import { journalsRouter } from "./journals.ts";
import { ledgerRouter } from "./ledger.ts";
import { periodsRouter } from "./periods.ts";
import { reportsRouter } from "./reports.ts";

export const financeRouter = router({
  accounts: accountsRouter,
  costCenters: costCentersRouter,
  fiscalYears: fiscalYearsRouter,
  periods: periodsRouter,
  journals: journalsRouter,
  entries: entriesRouter,
  ledger: ledgerRouter,
  reports: reportsRouter,
  bankAccounts: bankAccountsRouter,
  bankStatements: bankStatementsRouter,
  bankLines: bankLinesRouter,
});
