import type { ChartOfAccountsRow } from "@erp/db-types";
import { Calendar } from "../generate/calendar.ts";
import type { ReferenceContext } from "../generate/context.ts";
import { percentText } from "../generate/money.ts";

type AccountDefinition = {
  code: string;
  name: string;
  account_type: ChartOfAccountsRow["account_type"];
  account_subtype?: NonNullable<ChartOfAccountsRow["account_subtype"]>;
  parent?: string;
};

/** Header accounts (one digit) group the postable ones; automatic postings find accounts by these codes. */
export const accountDefinitions: readonly AccountDefinition[] = [
  { code: "1", name: "Assets", account_type: "asset" },
  { code: "1010", name: "Operating bank account", account_type: "asset", account_subtype: "bank", parent: "1" },
  { code: "1200", name: "Accounts receivable", account_type: "asset", account_subtype: "receivable", parent: "1" },
  { code: "1300", name: "Inventory", account_type: "asset", account_subtype: "inventory", parent: "1" },
  { code: "1400", name: "Input tax receivable", account_type: "asset", account_subtype: "tax_receivable", parent: "1" },
  { code: "2", name: "Liabilities", account_type: "liability" },
  { code: "2000", name: "Accounts payable", account_type: "liability", account_subtype: "payable", parent: "2" },
  { code: "2050", name: "Goods received not invoiced", account_type: "liability", account_subtype: "accrued_liability", parent: "2" },
  { code: "2100", name: "Sales tax payable", account_type: "liability", account_subtype: "tax_payable", parent: "2" },
  { code: "3", name: "Equity", account_type: "equity" },
  { code: "3000", name: "Owner's capital", account_type: "equity", account_subtype: "share_capital", parent: "3" },
  { code: "4", name: "Revenue", account_type: "revenue" },
  { code: "4000", name: "Sales revenue", account_type: "revenue", account_subtype: "sales", parent: "4" },
  { code: "4100", name: "Shipping income", account_type: "revenue", account_subtype: "other_income", parent: "4" },
  { code: "5", name: "Cost of sales", account_type: "expense" },
  { code: "5000", name: "Cost of goods sold", account_type: "expense", account_subtype: "cost_of_goods_sold", parent: "5" },
  { code: "6", name: "Expenses", account_type: "expense" },
  { code: "6100", name: "Salaries and wages", account_type: "expense", account_subtype: "operating_expense", parent: "6" },
];

export const journalDefinitions = [
  { code: "SALES", name: "Sales journal", journal_type: "sales", account: "1200" },
  { code: "PURCH", name: "Purchases journal", journal_type: "purchases", account: "2000" },
  { code: "BANK", name: "Bank journal", journal_type: "bank", account: "1010" },
  { code: "GEN", name: "General journal", journal_type: "general", account: null },
] as const;

export const paymentTermDefinitions = [
  { code: "NET30", name: "Net 30 days", due_days: 30 },
  { code: "NET15", name: "Net 15 days", due_days: 15 },
  { code: "DUE", name: "Due on receipt", due_days: 0 },
] as const;

/** The demo history (≤ 80 days before the base day) can start in the previous calendar year. */
export const fiscalYearsBack = 1;
export const periodsPerYear = 12;

const monthNames = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

export function generateFinanceReference({ faker, id, calendar, reference, data }: ReferenceContext): void {
  const lastYear = calendar.base.getUTCFullYear();
  for (let year = lastYear - fiscalYearsBack; year <= lastYear; year++) {
    const fiscalYear = data.add("fiscal_years", {
      id: id(),
      name: `FY${year}`,
      start_date: `${year}-01-01`,
      end_date: `${year}-12-31`,
      status: "open",
    });
    for (let month = 0; month < periodsPerYear; month++) {
      const start = Calendar.day(new Date(Date.UTC(year, month, 1)));
      data.add("fiscal_periods", {
        id: id(),
        fiscal_year_id: fiscalYear.id,
        period_number: month + 1,
        name: `${monthNames[month]} ${year}`,
        start_date: start,
        end_date: Calendar.day(new Date(Date.UTC(year, month + 1, 0))),
        is_adjustment: false,
        status: "open",
      });
    }
  }

  const accountIds = new Map(accountDefinitions.map((account) => [account.code, id()]));
  for (const account of accountDefinitions) {
    const debitNormal = account.account_type === "asset" || account.account_type === "expense";
    data.add("chart_of_accounts", {
      id: accountIds.get(account.code) as string,
      code: account.code,
      name: account.name,
      account_type: account.account_type,
      account_subtype: account.account_subtype ?? null,
      parent_id: account.parent ? (accountIds.get(account.parent) ?? null) : null,
      normal_balance: debitNormal ? "debit" : "credit",
      is_postable: account.parent !== undefined,
      is_active: true,
    });
  }
  for (const journal of journalDefinitions) {
    data.add("journals", {
      id: id(),
      code: journal.code,
      name: journal.name,
      journal_type: journal.journal_type,
      default_account_id: journal.account ? (accountIds.get(journal.account) ?? null) : null,
      is_active: true,
    });
  }
  for (const term of paymentTermDefinitions)
    data.add("payment_terms", { id: id(), ...term, discount_percent: "0", discount_days: 0, is_active: true });
  // One tax code per catalog tax rate: sales tax is owed on output, recoverable on input.
  for (const rate of reference.taxRates) {
    data.add("tax_codes", {
      id: id(),
      code: `TAX-${rate.code}`,
      name: `Sales tax ${rate.code}`,
      tax_rate_id: rate.id,
      direction: "both",
      rate: percentText(rate.rate),
      jurisdiction: "US",
      output_account_id: accountIds.get("2100") ?? null,
      input_account_id: accountIds.get("1400") ?? null,
      is_active: true,
    });
  }
  data.add("bank_accounts", {
    id: id(),
    account_id: accountIds.get("1010") as string,
    name: "Operating account",
    bank_name: `${faker.company.name()} Bank`.slice(0, 200),
    account_number: faker.string.numeric(12),
    swift_bic: faker.string.alpha({ length: 8, casing: "upper" }),
    currency: "USD",
    opening_balance: "0.00",
    opening_balance_date: Calendar.day(calendar.before(365)),
    is_active: true,
  });
}
