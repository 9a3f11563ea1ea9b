import { Calendar } from "../generate/calendar.ts";
import type { ReferenceContext } from "../generate/context.ts";
import { percentText } from "../generate/money.ts";

/**
 * The chart of accounts, journals, posting accounts, numbering series, payment terms and fiscal
 * periods come with every tenant (the template's `set_up_books`, run at provisioning). The demo
 * data adds what a trading business also has: a tax code per catalog tax rate and a bank account.
 */
export function generateFinanceReference({ faker, id, calendar, reference, data }: ReferenceContext): void {
  const accountIds = new Map(reference.accounts.map((account) => [account.code, account.id]));
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
