-- Finance: fiscal calendar, chart of accounts, double-entry journals and the posted general ledger,
-- customer invoicing and receipts (accounts receivable), banking and reconciliation, tax, budgets,
-- fixed assets, expense claims. Currencies and exchange_rates live in the catalog module (01_catalog).

CREATE TABLE fiscal_years (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  start_date date NOT NULL,
  end_date date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'locked')),
  closed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT fiscal_years_name_key UNIQUE (name),
  CONSTRAINT fiscal_years_dates CHECK (end_date > start_date),
  CONSTRAINT fiscal_years_no_overlap EXCLUDE USING gist (daterange(start_date, end_date, '[]') WITH &&)
);

CREATE TABLE fiscal_periods (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  fiscal_year_id uuid NOT NULL REFERENCES fiscal_years (id) ON DELETE CASCADE,
  period_number smallint NOT NULL CHECK (period_number BETWEEN 1 AND 16),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  start_date date NOT NULL,
  end_date date NOT NULL,
  -- Adjustment periods (year-end closing entries) overlap the last regular period.
  is_adjustment boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'locked')),
  closed_by uuid REFERENCES users (id),
  closed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT fiscal_periods_year_number_key UNIQUE (fiscal_year_id, period_number),
  CONSTRAINT fiscal_periods_dates CHECK (end_date >= start_date),
  CONSTRAINT fiscal_periods_no_overlap EXCLUDE USING gist (daterange(start_date, end_date, '[]') WITH &&)
    WHERE (NOT is_adjustment)
);
CREATE INDEX fiscal_periods_closed_by_idx ON fiscal_periods (closed_by);

CREATE TABLE chart_of_accounts (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  account_type text NOT NULL CHECK (account_type IN ('asset', 'liability', 'equity', 'revenue', 'expense')),
  -- Finer grouping used by reports and by automatic postings (AR, AP, inventory, tax, ...).
  account_subtype text CHECK (account_subtype IN ('cash', 'bank', 'receivable', 'inventory', 'prepaid',
    'fixed_asset', 'accumulated_depreciation', 'other_asset', 'payable', 'tax_payable', 'tax_receivable',
    'accrued_liability', 'long_term_debt', 'other_liability', 'share_capital', 'retained_earnings',
    'sales', 'other_income', 'cost_of_goods_sold', 'operating_expense', 'depreciation', 'other_expense')),
  parent_id uuid REFERENCES chart_of_accounts (id),
  normal_balance text NOT NULL CHECK (normal_balance IN ('debit', 'credit')),
  -- Header accounts group others and take no postings.
  is_postable boolean NOT NULL DEFAULT true,
  is_active boolean NOT NULL DEFAULT true,
  description text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Debits minus credits over the account's ledger rows, kept by the ledger (template version 3).
  ledger_balance numeric(18,4) NOT NULL DEFAULT 0,
  CONSTRAINT chart_of_accounts_code_key UNIQUE (code),
  CONSTRAINT chart_of_accounts_not_own_parent CHECK (parent_id <> id)
);
CREATE INDEX chart_of_accounts_parent_id_idx ON chart_of_accounts (parent_id);

CREATE TABLE cost_centers (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  parent_id uuid REFERENCES cost_centers (id),
  manager_id uuid REFERENCES users (id),
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT cost_centers_code_key UNIQUE (code),
  CONSTRAINT cost_centers_not_own_parent CHECK (parent_id <> id)
);
CREATE INDEX cost_centers_parent_id_idx ON cost_centers (parent_id);
CREATE INDEX cost_centers_manager_id_idx ON cost_centers (manager_id);

-- The account each automatic posting uses, by purpose; set up at provisioning with the chart of
-- accounts (template version 3).
CREATE TABLE posting_accounts (
  purpose text PRIMARY KEY CHECK (purpose IN ('bank', 'receivable', 'inventory', 'tax_receivable', 'payable',
    'goods_received_not_invoiced', 'tax_payable', 'opening_equity', 'revenue', 'shipping_income',
    'cost_of_goods_sold', 'inventory_adjustment', 'salary_expense', 'payroll_deductions_payable', 'salaries_payable',
    'inventory_in_transit', 'purchase_price_variance', 'bank_fees', 'interest_income', 'commission_expense', 'commission_payable')),
  account_id uuid NOT NULL REFERENCES chart_of_accounts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX posting_accounts_account_id_idx ON posting_accounts (account_id);

-- Books of original entry (sales, purchases, bank, general, ...), each with its own numbering.
CREATE TABLE journals (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  code text NOT NULL CHECK (code ~ '^[A-Z0-9_]{1,20}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  journal_type text NOT NULL DEFAULT 'general' CHECK (journal_type IN ('general', 'sales', 'purchases', 'cash', 'bank', 'payroll', 'inventory', 'depreciation', 'adjustment')),
  default_account_id uuid REFERENCES chart_of_accounts (id),
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT journals_code_key UNIQUE (code)
);
CREATE INDEX journals_default_account_id_idx ON journals (default_account_id);

-- A double-entry transaction. source_type/source_id point at the business document that caused it
-- (e.g. 'tax_invoice', 'vendor_invoice', 'goods_receipt_note'); NULL for manual entries.
CREATE TABLE journal_entries (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  entry_number text NOT NULL,
  journal_id uuid REFERENCES journals (id),
  fiscal_period_id uuid NOT NULL REFERENCES fiscal_periods (id),
  entry_date date NOT NULL,
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  reference text,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'posted', 'reversed')),
  source_type text CHECK (source_type ~ '^[a-z][a-z0-9_]{0,62}$'),
  source_id uuid,
  reversal_of_id uuid REFERENCES journal_entries (id),
  created_by uuid REFERENCES users (id),
  posted_by uuid REFERENCES users (id),
  posted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- The transaction that posted the entry: set by journal_entries_guard, never by callers. Until it
  -- commits the entry may still take lines; after, the entry is frozen (see the rules at the end).
  posted_xact xid8,
  CONSTRAINT journal_entries_entry_number_key UNIQUE (entry_number),
  CONSTRAINT journal_entries_source CHECK ((source_type IS NULL) = (source_id IS NULL)),
  CONSTRAINT journal_entries_posted CHECK (status = 'draft' OR posted_at IS NOT NULL),
  CONSTRAINT journal_entries_not_own_reversal CHECK (reversal_of_id <> id)
);
CREATE INDEX journal_entries_journal_id_idx ON journal_entries (journal_id);
CREATE INDEX journal_entries_fiscal_period_id_idx ON journal_entries (fiscal_period_id);
CREATE INDEX journal_entries_reversal_of_id_idx ON journal_entries (reversal_of_id);
CREATE INDEX journal_entries_created_by_idx ON journal_entries (created_by);
CREATE INDEX journal_entries_posted_by_idx ON journal_entries (posted_by);
CREATE INDEX journal_entries_entry_date_idx ON journal_entries (entry_date);
CREATE INDEX journal_entries_source_idx ON journal_entries (source_type, source_id);

-- One debit or one credit. customer_id/vendor_id tag receivable and payable lines for sub-ledgers.
CREATE TABLE journal_lines (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  journal_entry_id uuid NOT NULL REFERENCES journal_entries (id) ON DELETE CASCADE,
  line_number integer NOT NULL CHECK (line_number > 0),
  account_id uuid NOT NULL REFERENCES chart_of_accounts (id),
  cost_center_id uuid REFERENCES cost_centers (id),
  customer_id uuid REFERENCES customers (id),
  vendor_id uuid REFERENCES vendors (id),
  description text,
  debit numeric(18,4) NOT NULL DEFAULT 0 CHECK (debit >= 0),
  credit numeric(18,4) NOT NULL DEFAULT 0 CHECK (credit >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  exchange_rate numeric(18,8) NOT NULL DEFAULT 1 CHECK (exchange_rate > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT journal_lines_line_key UNIQUE (journal_entry_id, line_number),
  CONSTRAINT journal_lines_one_side CHECK ((debit > 0) <> (credit > 0))
);
CREATE INDEX journal_lines_account_id_idx ON journal_lines (account_id);
CREATE INDEX journal_lines_cost_center_id_idx ON journal_lines (cost_center_id);
CREATE INDEX journal_lines_customer_id_idx ON journal_lines (customer_id);
CREATE INDEX journal_lines_vendor_id_idx ON journal_lines (vendor_id);

-- The posted ledger: one row per journal line once its entry is posted, with the account's
-- running balance (in the account's normal-balance direction) after that row.
CREATE TABLE general_ledger (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  account_id uuid NOT NULL REFERENCES chart_of_accounts (id),
  journal_entry_id uuid NOT NULL REFERENCES journal_entries (id),
  journal_line_id uuid NOT NULL REFERENCES journal_lines (id),
  fiscal_period_id uuid NOT NULL REFERENCES fiscal_periods (id),
  cost_center_id uuid REFERENCES cost_centers (id),
  entry_date date NOT NULL,
  debit numeric(18,4) NOT NULL DEFAULT 0 CHECK (debit >= 0),
  credit numeric(18,4) NOT NULL DEFAULT 0 CHECK (credit >= 0),
  running_balance numeric(18,4) NOT NULL,
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  posted_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT general_ledger_journal_line_id_key UNIQUE (journal_line_id),
  CONSTRAINT general_ledger_one_side CHECK ((debit > 0) <> (credit > 0))
);
CREATE INDEX general_ledger_account_id_idx ON general_ledger (account_id, entry_date, id);
CREATE INDEX general_ledger_journal_entry_id_idx ON general_ledger (journal_entry_id);
CREATE INDEX general_ledger_fiscal_period_id_idx ON general_ledger (fiscal_period_id);
CREATE INDEX general_ledger_cost_center_id_idx ON general_ledger (cost_center_id);

-- Per-account totals for each period, maintained at posting/closing for fast trial balances.
CREATE TABLE account_period_balances (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  account_id uuid NOT NULL REFERENCES chart_of_accounts (id),
  fiscal_period_id uuid NOT NULL REFERENCES fiscal_periods (id),
  opening_balance numeric(18,4) NOT NULL DEFAULT 0,
  period_debit numeric(18,4) NOT NULL DEFAULT 0 CHECK (period_debit >= 0),
  period_credit numeric(18,4) NOT NULL DEFAULT 0 CHECK (period_credit >= 0),
  closing_balance numeric(18,4) NOT NULL DEFAULT 0,
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT account_period_balances_account_period_key UNIQUE (account_id, fiscal_period_id)
);
CREATE INDEX account_period_balances_fiscal_period_id_idx ON account_period_balances (fiscal_period_id);

-- Customer payment terms, e.g. 'NET30' or '2/10 NET30'.
CREATE TABLE payment_terms (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  code text NOT NULL CHECK (code ~ '^[A-Z0-9_/]{1,20}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  due_days integer NOT NULL DEFAULT 30 CHECK (due_days BETWEEN 0 AND 365),
  discount_percent numeric(7,4) NOT NULL DEFAULT 0 CHECK (discount_percent BETWEEN 0 AND 100),
  discount_days integer NOT NULL DEFAULT 0 CHECK (discount_days >= 0),
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payment_terms_code_key UNIQUE (code),
  CONSTRAINT payment_terms_discount_window CHECK (discount_days <= due_days)
);

-- Tax codes as used on documents and returns, with the GL accounts tax is posted to.
CREATE TABLE tax_codes (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  code text NOT NULL CHECK (code ~ '^[A-Z0-9_-]{1,20}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  tax_rate_id uuid REFERENCES tax_rates (id),
  direction text NOT NULL DEFAULT 'both' CHECK (direction IN ('both', 'output', 'input')),
  rate numeric(7,4) NOT NULL CHECK (rate BETWEEN 0 AND 100),
  jurisdiction text,
  output_account_id uuid REFERENCES chart_of_accounts (id),
  input_account_id uuid REFERENCES chart_of_accounts (id),
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT tax_codes_code_key UNIQUE (code)
);
CREATE INDEX tax_codes_tax_rate_id_idx ON tax_codes (tax_rate_id);
CREATE INDEX tax_codes_output_account_id_idx ON tax_codes (output_account_id);
CREATE INDEX tax_codes_input_account_id_idx ON tax_codes (input_account_id);

CREATE TABLE bank_accounts (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  account_id uuid NOT NULL REFERENCES chart_of_accounts (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  bank_name text NOT NULL CHECK (length(bank_name) BETWEEN 1 AND 200),
  account_number text NOT NULL,
  iban text,
  swift_bic text CHECK (swift_bic ~ '^[A-Z0-9]{8}([A-Z0-9]{3})?$'),
  branch text,
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  opening_balance numeric(18,4) NOT NULL DEFAULT 0,
  opening_balance_date date,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT bank_accounts_account_number_key UNIQUE (account_number),
  CONSTRAINT bank_accounts_account_id_key UNIQUE (account_id)
);

-- Bank statement lines; amount is signed (+ deposit, - withdrawal).
-- Banking (template version 4): one imported bank statement (a file or a list of rows). Its lines
-- are bank_transactions; opening and closing balances are the statement's own, when it gives them.
CREATE TABLE bank_statements (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  bank_account_id uuid NOT NULL REFERENCES bank_accounts (id),
  start_date date NOT NULL,
  end_date date NOT NULL,
  opening_balance numeric(18,4),
  closing_balance numeric(18,4),
  -- Rows in the statement, and how many of them were new (the rest were imported before).
  line_count integer NOT NULL CHECK (line_count > 0),
  new_line_count integer NOT NULL CHECK (new_line_count >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  imported_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT bank_statements_dates CHECK (end_date >= start_date),
  CONSTRAINT bank_statements_new_lines CHECK (new_line_count <= line_count)
);
CREATE INDEX bank_statements_bank_account_id_idx ON bank_statements (bank_account_id);
CREATE INDEX bank_statements_imported_by_idx ON bank_statements (imported_by);

CREATE TABLE bank_transactions (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  bank_account_id uuid NOT NULL REFERENCES bank_accounts (id),
  journal_entry_id uuid REFERENCES journal_entries (id),
  transaction_date date NOT NULL,
  value_date date,
  amount numeric(18,4) NOT NULL CHECK (amount <> 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  description text,
  reference text,
  counterparty text,
  -- Id of the line in the imported statement, to make re-imports idempotent.
  external_id text,
  status text NOT NULL DEFAULT 'unreconciled' CHECK (status IN ('unreconciled', 'matched', 'reconciled', 'ignored')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Banking (template version 4): the statement that first brought the line, and the balance the
  -- statement printed after it. An imported line's external_id is its content hash, so the unique
  -- key below makes a re-import (or an overlapping statement) add nothing twice.
  bank_statement_id uuid REFERENCES bank_statements (id),
  balance numeric(18,4),
  CONSTRAINT bank_transactions_external_id_key UNIQUE (bank_account_id, external_id),
  CONSTRAINT bank_transactions_imported_key CHECK (bank_statement_id IS NULL OR external_id IS NOT NULL)
);
CREATE INDEX bank_transactions_bank_account_id_idx ON bank_transactions (bank_account_id, transaction_date);
CREATE INDEX bank_transactions_journal_entry_id_idx ON bank_transactions (journal_entry_id);
CREATE INDEX bank_transactions_bank_statement_id_idx ON bank_transactions (bank_statement_id);

-- Banking (template version 4): a statement line matched to the ledger rows on its bank account's
-- ledger account that moved the same money (a receipt, a vendor payment, a bank fee ...). One line
-- may take several rows; their amounts (debit minus credit) add up to the line's amount, and a
-- ledger row is matched at most once (the triggers at the end of this file keep both).
CREATE TABLE bank_transaction_matches (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  bank_transaction_id uuid NOT NULL REFERENCES bank_transactions (id),
  general_ledger_id uuid NOT NULL REFERENCES general_ledger (id),
  journal_entry_id uuid NOT NULL REFERENCES journal_entries (id),
  amount numeric(18,4) NOT NULL CHECK (amount <> 0),
  matched_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT bank_transaction_matches_general_ledger_id_key UNIQUE (general_ledger_id)
);
CREATE INDEX bank_transaction_matches_bank_transaction_id_idx ON bank_transaction_matches (bank_transaction_id);
CREATE INDEX bank_transaction_matches_journal_entry_id_idx ON bank_transaction_matches (journal_entry_id);
CREATE INDEX bank_transaction_matches_matched_by_idx ON bank_transaction_matches (matched_by);

-- A reconciliation of one bank account against one statement.
CREATE TABLE bank_reconciliation (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  bank_account_id uuid NOT NULL REFERENCES bank_accounts (id),
  statement_date date NOT NULL,
  statement_balance numeric(18,4) NOT NULL,
  ledger_balance numeric(18,4) NOT NULL,
  difference numeric(18,4) GENERATED ALWAYS AS (statement_balance - ledger_balance) STORED,
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_progress', 'completed', 'cancelled')),
  reconciled_by uuid REFERENCES users (id),
  completed_at timestamptz,
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT bank_reconciliation_account_date_key UNIQUE (bank_account_id, statement_date),
  CONSTRAINT bank_reconciliation_completed CHECK (status <> 'completed' OR completed_at IS NOT NULL)
);
CREATE INDEX bank_reconciliation_reconciled_by_idx ON bank_reconciliation (reconciled_by);

-- Matches within a reconciliation: a statement line, a ledger line, or both.
CREATE TABLE bank_reconciliation_items (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  bank_reconciliation_id uuid NOT NULL REFERENCES bank_reconciliation (id) ON DELETE CASCADE,
  bank_transaction_id uuid REFERENCES bank_transactions (id),
  journal_line_id uuid REFERENCES journal_lines (id),
  amount numeric(18,4) NOT NULL,
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  is_cleared boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT bank_reconciliation_items_target CHECK (bank_transaction_id IS NOT NULL OR journal_line_id IS NOT NULL)
);
CREATE INDEX bank_reconciliation_items_bank_reconciliation_id_idx ON bank_reconciliation_items (bank_reconciliation_id);
CREATE INDEX bank_reconciliation_items_bank_transaction_id_idx ON bank_reconciliation_items (bank_transaction_id);
CREATE INDEX bank_reconciliation_items_journal_line_id_idx ON bank_reconciliation_items (journal_line_id);

-- Customer invoices (sales tax invoices).
CREATE TABLE tax_invoices (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  invoice_number text NOT NULL,
  order_id uuid REFERENCES orders (id),
  customer_id uuid NOT NULL REFERENCES customers (id),
  billing_address_id uuid REFERENCES customer_addresses (id),
  payment_term_id uuid REFERENCES payment_terms (id),
  journal_entry_id uuid REFERENCES journal_entries (id),
  invoice_date date NOT NULL,
  due_date date NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued', 'partially_paid', 'paid', 'overdue', 'void')),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  exchange_rate numeric(18,8) NOT NULL DEFAULT 1 CHECK (exchange_rate > 0),
  subtotal numeric(18,4) NOT NULL DEFAULT 0 CHECK (subtotal >= 0),
  tax_total numeric(18,4) NOT NULL DEFAULT 0 CHECK (tax_total >= 0),
  grand_total numeric(18,4) NOT NULL DEFAULT 0 CHECK (grand_total >= 0),
  amount_paid numeric(18,4) NOT NULL DEFAULT 0 CHECK (amount_paid >= 0),
  issued_at timestamptz,
  notes text,
  attributes jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- What credit notes took off the invoice (template version 3).
  amount_credited numeric(18,4) NOT NULL DEFAULT 0 CHECK (amount_credited >= 0),
  CONSTRAINT tax_invoices_invoice_number_key UNIQUE (invoice_number),
  CONSTRAINT tax_invoices_dates CHECK (due_date >= invoice_date),
  CONSTRAINT tax_invoices_totals CHECK (grand_total = subtotal + tax_total),
  CONSTRAINT tax_invoices_paid CHECK (amount_paid <= grand_total),
  CONSTRAINT tax_invoices_settled_le_total CHECK (amount_paid + amount_credited <= grand_total),
  CONSTRAINT tax_invoices_issued CHECK (status IN ('draft', 'void') OR issued_at IS NOT NULL)
);
CREATE INDEX tax_invoices_order_id_idx ON tax_invoices (order_id);
CREATE INDEX tax_invoices_customer_id_idx ON tax_invoices (customer_id);
CREATE INDEX tax_invoices_billing_address_id_idx ON tax_invoices (billing_address_id);
CREATE INDEX tax_invoices_payment_term_id_idx ON tax_invoices (payment_term_id);
CREATE INDEX tax_invoices_journal_entry_id_idx ON tax_invoices (journal_entry_id);
CREATE INDEX tax_invoices_status_due_date_idx ON tax_invoices (status, due_date);

CREATE TABLE tax_invoice_items (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  tax_invoice_id uuid NOT NULL REFERENCES tax_invoices (id) ON DELETE CASCADE,
  line_number integer NOT NULL CHECK (line_number > 0),
  order_item_id uuid REFERENCES order_items (id),
  product_id uuid REFERENCES products (id),
  tax_code_id uuid REFERENCES tax_codes (id),
  revenue_account_id uuid REFERENCES chart_of_accounts (id),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  quantity numeric(18,4) NOT NULL CHECK (quantity > 0),
  unit_price numeric(18,4) NOT NULL CHECK (unit_price >= 0),
  discount_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
  tax_percent numeric(7,4) NOT NULL DEFAULT 0 CHECK (tax_percent BETWEEN 0 AND 100),
  tax_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (tax_amount >= 0),
  line_total numeric(18,4) NOT NULL CHECK (line_total >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT tax_invoice_items_line_key UNIQUE (tax_invoice_id, line_number)
);
CREATE INDEX tax_invoice_items_order_item_id_idx ON tax_invoice_items (order_item_id);
CREATE INDEX tax_invoice_items_product_id_idx ON tax_invoice_items (product_id);
CREATE INDEX tax_invoice_items_tax_code_id_idx ON tax_invoice_items (tax_code_id);
CREATE INDEX tax_invoice_items_revenue_account_id_idx ON tax_invoice_items (revenue_account_id);

-- Credit notes to customers against an invoice (returns, price adjustments).
CREATE TABLE credit_notes (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  credit_note_number text NOT NULL,
  tax_invoice_id uuid NOT NULL REFERENCES tax_invoices (id),
  customer_id uuid NOT NULL REFERENCES customers (id),
  sales_return_id uuid REFERENCES sales_returns (id),
  journal_entry_id uuid REFERENCES journal_entries (id),
  issued_date date NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued', 'applied', 'refunded', 'void')),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  subtotal numeric(18,4) NOT NULL DEFAULT 0 CHECK (subtotal >= 0),
  tax_total numeric(18,4) NOT NULL DEFAULT 0 CHECK (tax_total >= 0),
  amount numeric(18,4) NOT NULL CHECK (amount > 0),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT credit_notes_credit_note_number_key UNIQUE (credit_note_number),
  CONSTRAINT credit_notes_totals CHECK (amount = subtotal + tax_total)
);
CREATE INDEX credit_notes_tax_invoice_id_idx ON credit_notes (tax_invoice_id);
CREATE INDEX credit_notes_customer_id_idx ON credit_notes (customer_id);
CREATE INDEX credit_notes_sales_return_id_idx ON credit_notes (sales_return_id);
CREATE INDEX credit_notes_journal_entry_id_idx ON credit_notes (journal_entry_id);

CREATE TABLE credit_note_items (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  credit_note_id uuid NOT NULL REFERENCES credit_notes (id) ON DELETE CASCADE,
  line_number integer NOT NULL CHECK (line_number > 0),
  tax_invoice_item_id uuid REFERENCES tax_invoice_items (id),
  product_id uuid REFERENCES products (id),
  tax_code_id uuid REFERENCES tax_codes (id),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  quantity numeric(18,4) NOT NULL CHECK (quantity > 0),
  unit_price numeric(18,4) NOT NULL CHECK (unit_price >= 0),
  tax_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (tax_amount >= 0),
  line_total numeric(18,4) NOT NULL CHECK (line_total >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT credit_note_items_line_key UNIQUE (credit_note_id, line_number)
);
CREATE INDEX credit_note_items_tax_invoice_item_id_idx ON credit_note_items (tax_invoice_item_id);
CREATE INDEX credit_note_items_product_id_idx ON credit_note_items (product_id);
CREATE INDEX credit_note_items_tax_code_id_idx ON credit_note_items (tax_code_id);

-- Money received from customers; tax_invoice_id is set when the whole receipt pays one invoice,
-- otherwise receipt_allocations spreads it.
CREATE TABLE payment_receipts (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  receipt_number text NOT NULL,
  customer_id uuid NOT NULL REFERENCES customers (id),
  tax_invoice_id uuid REFERENCES tax_invoices (id),
  bank_account_id uuid REFERENCES bank_accounts (id),
  journal_entry_id uuid REFERENCES journal_entries (id),
  amount numeric(18,4) NOT NULL CHECK (amount > 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  exchange_rate numeric(18,8) NOT NULL DEFAULT 1 CHECK (exchange_rate > 0),
  received_at timestamptz NOT NULL DEFAULT now(),
  method text NOT NULL DEFAULT 'bank_transfer' CHECK (method IN ('bank_transfer', 'card', 'cash', 'check', 'upi', 'wallet', 'other')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'cleared', 'bounced', 'void')),
  reference text,
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payment_receipts_receipt_number_key UNIQUE (receipt_number)
);
CREATE INDEX payment_receipts_customer_id_idx ON payment_receipts (customer_id);
CREATE INDEX payment_receipts_tax_invoice_id_idx ON payment_receipts (tax_invoice_id);
CREATE INDEX payment_receipts_bank_account_id_idx ON payment_receipts (bank_account_id);
CREATE INDEX payment_receipts_journal_entry_id_idx ON payment_receipts (journal_entry_id);

CREATE TABLE receipt_allocations (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  payment_receipt_id uuid NOT NULL REFERENCES payment_receipts (id) ON DELETE CASCADE,
  tax_invoice_id uuid NOT NULL REFERENCES tax_invoices (id),
  amount numeric(18,4) NOT NULL CHECK (amount > 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  allocated_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT receipt_allocations_receipt_invoice_key UNIQUE (payment_receipt_id, tax_invoice_id)
);
CREATE INDEX receipt_allocations_tax_invoice_id_idx ON receipt_allocations (tax_invoice_id);

-- Escalation steps for overdue invoices (reminder, second notice, final demand, ...).
CREATE TABLE dunning_levels (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 10),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  days_overdue integer NOT NULL CHECK (days_overdue >= 0),
  fee_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (fee_amount >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  message_template text,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT dunning_levels_level_key UNIQUE (level),
  CONSTRAINT dunning_levels_days_overdue_key UNIQUE (days_overdue)
);

CREATE TABLE dunning_runs (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  run_number text NOT NULL,
  run_date date NOT NULL DEFAULT current_date,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'completed', 'cancelled')),
  executed_by uuid REFERENCES users (id),
  completed_at timestamptz,
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT dunning_runs_run_number_key UNIQUE (run_number)
);
CREATE INDEX dunning_runs_executed_by_idx ON dunning_runs (executed_by);

CREATE TABLE dunning_notices (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  dunning_run_id uuid NOT NULL REFERENCES dunning_runs (id) ON DELETE CASCADE,
  tax_invoice_id uuid NOT NULL REFERENCES tax_invoices (id),
  customer_id uuid NOT NULL REFERENCES customers (id),
  dunning_level_id uuid NOT NULL REFERENCES dunning_levels (id),
  amount_due numeric(18,4) NOT NULL CHECK (amount_due > 0),
  fee_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (fee_amount >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  days_overdue integer NOT NULL CHECK (days_overdue >= 0),
  channel text NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'letter', 'sms')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT dunning_notices_run_invoice_key UNIQUE (dunning_run_id, tax_invoice_id)
);
CREATE INDEX dunning_notices_tax_invoice_id_idx ON dunning_notices (tax_invoice_id);
CREATE INDEX dunning_notices_customer_id_idx ON dunning_notices (customer_id);
CREATE INDEX dunning_notices_dunning_level_id_idx ON dunning_notices (dunning_level_id);

CREATE TABLE budgets (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  fiscal_year_id uuid NOT NULL REFERENCES fiscal_years (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  version integer NOT NULL DEFAULT 1 CHECK (version > 0),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'closed')),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  total_amount numeric(18,4) NOT NULL DEFAULT 0,
  approved_by uuid REFERENCES users (id),
  approved_at timestamptz,
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT budgets_year_name_version_key UNIQUE (fiscal_year_id, name, version)
);
CREATE INDEX budgets_approved_by_idx ON budgets (approved_by);

-- A budgeted amount per account, optionally per cost center and per period (NULL = whole year).
CREATE TABLE budget_lines (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  budget_id uuid NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES chart_of_accounts (id),
  cost_center_id uuid REFERENCES cost_centers (id),
  fiscal_period_id uuid REFERENCES fiscal_periods (id),
  amount numeric(18,4) NOT NULL,
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT budget_lines_key UNIQUE NULLS NOT DISTINCT (budget_id, account_id, cost_center_id, fiscal_period_id)
);
CREATE INDEX budget_lines_account_id_idx ON budget_lines (account_id);
CREATE INDEX budget_lines_cost_center_id_idx ON budget_lines (cost_center_id);
CREATE INDEX budget_lines_fiscal_period_id_idx ON budget_lines (fiscal_period_id);

-- Filed VAT/GST/sales-tax returns for a period.
CREATE TABLE tax_returns (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  return_number text NOT NULL,
  tax_type text NOT NULL DEFAULT 'vat' CHECK (tax_type IN ('vat', 'gst', 'sales_tax', 'withholding', 'income')),
  jurisdiction text,
  fiscal_period_id uuid REFERENCES fiscal_periods (id),
  journal_entry_id uuid REFERENCES journal_entries (id),
  filed_by uuid REFERENCES users (id),
  period_start date NOT NULL,
  period_end date NOT NULL,
  due_date date,
  output_tax numeric(18,4) NOT NULL DEFAULT 0 CHECK (output_tax >= 0),
  input_tax numeric(18,4) NOT NULL DEFAULT 0 CHECK (input_tax >= 0),
  net_payable numeric(18,4) GENERATED ALWAYS AS (output_tax - input_tax) STORED,
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'filed', 'paid', 'amended')),
  filed_at timestamptz,
  filing_reference text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT tax_returns_return_number_key UNIQUE (return_number),
  CONSTRAINT tax_returns_period_key UNIQUE NULLS NOT DISTINCT (tax_type, jurisdiction, period_start),
  CONSTRAINT tax_returns_dates CHECK (period_end >= period_start),
  CONSTRAINT tax_returns_filed CHECK (status = 'draft' OR filed_at IS NOT NULL)
);
CREATE INDEX tax_returns_fiscal_period_id_idx ON tax_returns (fiscal_period_id);
CREATE INDEX tax_returns_journal_entry_id_idx ON tax_returns (journal_entry_id);
CREATE INDEX tax_returns_filed_by_idx ON tax_returns (filed_by);

-- The boxes of a return, per tax code.
CREATE TABLE tax_return_lines (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  tax_return_id uuid NOT NULL REFERENCES tax_returns (id) ON DELETE CASCADE,
  tax_code_id uuid REFERENCES tax_codes (id),
  box_code text NOT NULL,
  description text,
  taxable_amount numeric(18,4) NOT NULL DEFAULT 0,
  tax_amount numeric(18,4) NOT NULL DEFAULT 0,
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT tax_return_lines_box_key UNIQUE NULLS NOT DISTINCT (tax_return_id, box_code, tax_code_id)
);
CREATE INDEX tax_return_lines_tax_code_id_idx ON tax_return_lines (tax_code_id);

-- Asset classes with default depreciation rules and GL accounts.
CREATE TABLE fixed_asset_categories (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  code text NOT NULL CHECK (code ~ '^[A-Z0-9_-]{1,20}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  depreciation_method text NOT NULL DEFAULT 'straight_line' CHECK (depreciation_method IN ('straight_line', 'declining_balance', 'units_of_production', 'none')),
  useful_life_months integer NOT NULL CHECK (useful_life_months > 0),
  asset_account_id uuid NOT NULL REFERENCES chart_of_accounts (id),
  accumulated_depreciation_account_id uuid NOT NULL REFERENCES chart_of_accounts (id),
  depreciation_expense_account_id uuid NOT NULL REFERENCES chart_of_accounts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT fixed_asset_categories_code_key UNIQUE (code)
);
CREATE INDEX fixed_asset_categories_asset_account_id_idx ON fixed_asset_categories (asset_account_id);
CREATE INDEX fixed_asset_categories_accumulated_depreciation_account_id_idx ON fixed_asset_categories (accumulated_depreciation_account_id);
CREATE INDEX fixed_asset_categories_depreciation_expense_account_id_idx ON fixed_asset_categories (depreciation_expense_account_id);

CREATE TABLE fixed_assets (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  asset_number text NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  category_id uuid NOT NULL REFERENCES fixed_asset_categories (id),
  cost_center_id uuid REFERENCES cost_centers (id),
  warehouse_id uuid REFERENCES warehouses (id),
  vendor_id uuid REFERENCES vendors (id),
  vendor_invoice_id uuid REFERENCES vendor_invoices (id),
  custodian_id uuid REFERENCES users (id),
  description text,
  serial_number text,
  location text,
  acquisition_date date NOT NULL,
  in_service_date date,
  depreciation_method text NOT NULL DEFAULT 'straight_line' CHECK (depreciation_method IN ('straight_line', 'declining_balance', 'units_of_production', 'none')),
  useful_life_months integer NOT NULL CHECK (useful_life_months > 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  acquisition_cost numeric(18,4) NOT NULL CHECK (acquisition_cost >= 0),
  salvage_value numeric(18,4) NOT NULL DEFAULT 0 CHECK (salvage_value >= 0),
  accumulated_depreciation numeric(18,4) NOT NULL DEFAULT 0 CHECK (accumulated_depreciation >= 0),
  book_value numeric(18,4) GENERATED ALWAYS AS (acquisition_cost - accumulated_depreciation) STORED,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'fully_depreciated', 'disposed', 'written_off')),
  attributes jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT fixed_assets_asset_number_key UNIQUE (asset_number),
  CONSTRAINT fixed_assets_salvage CHECK (salvage_value <= acquisition_cost),
  CONSTRAINT fixed_assets_depreciation CHECK (accumulated_depreciation <= acquisition_cost - salvage_value),
  CONSTRAINT fixed_assets_dates CHECK (in_service_date IS NULL OR in_service_date >= acquisition_date)
);
CREATE INDEX fixed_assets_category_id_idx ON fixed_assets (category_id);
CREATE INDEX fixed_assets_cost_center_id_idx ON fixed_assets (cost_center_id);
CREATE INDEX fixed_assets_warehouse_id_idx ON fixed_assets (warehouse_id);
CREATE INDEX fixed_assets_vendor_id_idx ON fixed_assets (vendor_id);
CREATE INDEX fixed_assets_vendor_invoice_id_idx ON fixed_assets (vendor_invoice_id);
CREATE INDEX fixed_assets_custodian_id_idx ON fixed_assets (custodian_id);

-- Planned and posted depreciation per asset per period.
CREATE TABLE asset_depreciation_schedules (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  fixed_asset_id uuid NOT NULL REFERENCES fixed_assets (id) ON DELETE CASCADE,
  fiscal_period_id uuid REFERENCES fiscal_periods (id),
  journal_entry_id uuid REFERENCES journal_entries (id),
  schedule_date date NOT NULL,
  depreciation_amount numeric(18,4) NOT NULL CHECK (depreciation_amount >= 0),
  accumulated_depreciation numeric(18,4) NOT NULL CHECK (accumulated_depreciation >= 0),
  book_value numeric(18,4) NOT NULL CHECK (book_value >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'posted', 'skipped')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT asset_depreciation_schedules_asset_date_key UNIQUE (fixed_asset_id, schedule_date),
  CONSTRAINT asset_depreciation_schedules_posted CHECK (status <> 'posted' OR journal_entry_id IS NOT NULL)
);
CREATE INDEX asset_depreciation_schedules_fiscal_period_id_idx ON asset_depreciation_schedules (fiscal_period_id);
CREATE INDEX asset_depreciation_schedules_journal_entry_id_idx ON asset_depreciation_schedules (journal_entry_id);

CREATE TABLE asset_disposals (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  fixed_asset_id uuid NOT NULL REFERENCES fixed_assets (id),
  customer_id uuid REFERENCES customers (id),
  journal_entry_id uuid REFERENCES journal_entries (id),
  approved_by uuid REFERENCES users (id),
  disposal_date date NOT NULL,
  method text NOT NULL DEFAULT 'sale' CHECK (method IN ('sale', 'scrap', 'donation', 'write_off', 'transfer')),
  proceeds numeric(18,4) NOT NULL DEFAULT 0 CHECK (proceeds >= 0),
  book_value_at_disposal numeric(18,4) NOT NULL CHECK (book_value_at_disposal >= 0),
  gain_loss numeric(18,4) GENERATED ALWAYS AS (proceeds - book_value_at_disposal) STORED,
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT asset_disposals_fixed_asset_id_key UNIQUE (fixed_asset_id)
);
CREATE INDEX asset_disposals_customer_id_idx ON asset_disposals (customer_id);
CREATE INDEX asset_disposals_journal_entry_id_idx ON asset_disposals (journal_entry_id);
CREATE INDEX asset_disposals_approved_by_idx ON asset_disposals (approved_by);

-- Staff out-of-pocket expenses submitted for reimbursement.
CREATE TABLE expense_claims (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  claim_number text NOT NULL,
  claimant_id uuid NOT NULL REFERENCES users (id),
  cost_center_id uuid REFERENCES cost_centers (id),
  approved_by uuid REFERENCES users (id),
  journal_entry_id uuid REFERENCES journal_entries (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'paid', 'cancelled')),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  total_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (total_amount >= 0),
  submitted_at timestamptz,
  approved_at timestamptz,
  paid_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT expense_claims_claim_number_key UNIQUE (claim_number),
  CONSTRAINT expense_claims_dates CHECK (approved_at IS NULL OR submitted_at IS NULL OR approved_at >= submitted_at),
  CONSTRAINT expense_claims_paid CHECK (paid_at IS NULL OR approved_at IS NULL OR paid_at >= approved_at)
);
CREATE INDEX expense_claims_claimant_id_idx ON expense_claims (claimant_id);
CREATE INDEX expense_claims_cost_center_id_idx ON expense_claims (cost_center_id);
CREATE INDEX expense_claims_approved_by_idx ON expense_claims (approved_by);
CREATE INDEX expense_claims_journal_entry_id_idx ON expense_claims (journal_entry_id);

CREATE TABLE expense_claim_items (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  expense_claim_id uuid NOT NULL REFERENCES expense_claims (id) ON DELETE CASCADE,
  line_number integer NOT NULL CHECK (line_number > 0),
  account_id uuid REFERENCES chart_of_accounts (id),
  tax_code_id uuid REFERENCES tax_codes (id),
  expense_date date NOT NULL,
  category text NOT NULL DEFAULT 'other' CHECK (category IN ('other', 'travel', 'lodging', 'meals', 'mileage', 'supplies', 'communication', 'training', 'entertainment')),
  merchant text,
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  amount numeric(18,4) NOT NULL CHECK (amount > 0),
  tax_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (tax_amount >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  receipt_url text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT expense_claim_items_line_key UNIQUE (expense_claim_id, line_number),
  CONSTRAINT expense_claim_items_tax CHECK (tax_amount <= amount)
);
CREATE INDEX expense_claim_items_account_id_idx ON expense_claim_items (account_id);
CREATE INDEX expense_claim_items_tax_code_id_idx ON expense_claim_items (tax_code_id);

-- Journal entries generated on a schedule (rent, accruals, amortisation, ...).
CREATE TABLE recurring_journal_templates (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  journal_id uuid REFERENCES journals (id),
  created_by uuid REFERENCES users (id),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  frequency text NOT NULL DEFAULT 'monthly' CHECK (frequency IN ('monthly', 'daily', 'weekly', 'quarterly', 'yearly')),
  interval_count integer NOT NULL DEFAULT 1 CHECK (interval_count > 0),
  start_date date NOT NULL,
  end_date date,
  next_run_date date,
  last_run_at timestamptz,
  auto_post boolean NOT NULL DEFAULT false,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT recurring_journal_templates_name_key UNIQUE (name),
  CONSTRAINT recurring_journal_templates_dates CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX recurring_journal_templates_journal_id_idx ON recurring_journal_templates (journal_id);
CREATE INDEX recurring_journal_templates_created_by_idx ON recurring_journal_templates (created_by);

CREATE TABLE recurring_journal_template_lines (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  recurring_journal_template_id uuid NOT NULL REFERENCES recurring_journal_templates (id) ON DELETE CASCADE,
  line_number integer NOT NULL CHECK (line_number > 0),
  account_id uuid NOT NULL REFERENCES chart_of_accounts (id),
  cost_center_id uuid REFERENCES cost_centers (id),
  description text,
  debit numeric(18,4) NOT NULL DEFAULT 0 CHECK (debit >= 0),
  credit numeric(18,4) NOT NULL DEFAULT 0 CHECK (credit >= 0),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT recurring_journal_template_lines_line_key UNIQUE (recurring_journal_template_id, line_number),
  CONSTRAINT recurring_journal_template_lines_one_side CHECK ((debit > 0) <> (credit > 0))
);
CREATE INDEX recurring_journal_template_lines_account_id_idx ON recurring_journal_template_lines (account_id);
CREATE INDEX recurring_journal_template_lines_cost_center_id_idx ON recurring_journal_template_lines (cost_center_id);

-- Sentences for the rules above whose definition does not read as one; the API answers a
-- violation with them (every other rule's sentence is derived from its definition by `pnpm db:types`).
COMMENT ON CONSTRAINT fiscal_periods_no_overlap ON fiscal_periods IS 'start_date to end_date overlaps another fiscal period.';
COMMENT ON CONSTRAINT fiscal_years_no_overlap ON fiscal_years IS 'start_date to end_date overlaps another fiscal year.';
COMMENT ON CONSTRAINT general_ledger_one_side ON general_ledger IS 'Exactly one of debit and credit must be greater than 0.';
COMMENT ON CONSTRAINT tax_invoices_settled_le_total ON tax_invoices IS 'amount_paid plus amount_credited cannot exceed grand_total: the invoice is already settled.';
COMMENT ON CONSTRAINT journal_lines_one_side ON journal_lines IS 'Exactly one of debit and credit must be greater than 0.';
COMMENT ON CONSTRAINT recurring_journal_template_lines_one_side ON recurring_journal_template_lines IS 'Exactly one of debit and credit must be greater than 0.';
COMMENT ON CONSTRAINT bank_transactions_imported_key ON bank_transactions IS 'external_id (the line''s content hash) is required on a line imported from a statement.';
COMMENT ON CONSTRAINT bank_statements_new_lines ON bank_statements IS 'new_line_count cannot exceed line_count.';

-- The books' rules, kept by the database so that no path (API, seed, psql as the tenant role) can
-- break them. A journal entry is posted in one transaction: the entry and its lines and ledger rows
-- may be written until that transaction commits; after that the entry is frozen, and the only
-- change it accepts is posted -> reversed (the reversal itself is a new posted entry). At commit,
-- every posted entry must balance in base currency, and it must lie in an open fiscal period.
-- The functions name their tables through TG_TABLE_SCHEMA, not search_path: the deferred check runs
-- at COMMIT, when the caller's search_path may point anywhere (provisioning, the seed, a pooled
-- connection), and the warm pool renames schemas, so a pinned search_path would go stale.

-- Posting checks the period (held FOR SHARE, so a concurrent close waits for the posting to end)
-- and stamps posted_xact; frozen entries refuse edits and deletion.
CREATE FUNCTION journal_entries_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  period record;
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' AND OLD.posted_xact IS DISTINCT FROM pg_current_xact_id() THEN
      RAISE EXCEPTION 'Journal entry % is posted and cannot be deleted: post a reversal instead.', OLD.entry_number
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'journal_entries_posted_frozen';
    END IF;
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status <> 'draft' AND OLD.posted_xact IS DISTINCT FROM pg_current_xact_id() THEN
    IF NOT (OLD.status = 'posted' AND NEW.status = 'reversed'
        AND to_jsonb(NEW) - 'status' - 'updated_at' = to_jsonb(OLD) - 'status' - 'updated_at') THEN
      RAISE EXCEPTION 'Journal entry % is posted and cannot be changed: post a reversal instead.', OLD.entry_number
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'journal_entries_posted_frozen';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.status = 'draft' THEN
    NEW.posted_xact := NULL;
    RETURN NEW;
  END IF;
  EXECUTE format('SELECT p.status AS period_status, p.start_date, p.end_date, y.status AS year_status
      FROM %1$I.fiscal_periods p JOIN %1$I.fiscal_years y ON y.id = p.fiscal_year_id
      WHERE p.id = $1 FOR SHARE OF p', TG_TABLE_SCHEMA)
    INTO period USING NEW.fiscal_period_id;
  IF period.period_status IS DISTINCT FROM 'open' OR period.year_status IS DISTINCT FROM 'open' THEN
    RAISE EXCEPTION 'Journal entry % cannot be posted: its fiscal period is not open.', NEW.entry_number
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entries_open_period';
  END IF;
  IF NEW.entry_date NOT BETWEEN period.start_date AND period.end_date THEN
    RAISE EXCEPTION 'Journal entry % cannot be posted: its date % lies outside its fiscal period (% to %).',
      NEW.entry_number, NEW.entry_date, period.start_date, period.end_date
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entries_open_period';
  END IF;
  NEW.posted_xact := pg_current_xact_id();
  RETURN NEW;
END
$$;
CREATE TRIGGER journal_entries_guard BEFORE INSERT OR UPDATE OR DELETE ON journal_entries
  FOR EACH ROW EXECUTE FUNCTION journal_entries_guard();

-- Lines and ledger rows of a frozen entry are frozen with it; ledger rows exist only for posted entries.
CREATE FUNCTION posted_rows_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  entry record;
  entry_id uuid;
BEGIN
  FOREACH entry_id IN ARRAY CASE TG_OP
      WHEN 'INSERT' THEN ARRAY[NEW.journal_entry_id]
      WHEN 'DELETE' THEN ARRAY[OLD.journal_entry_id]
      ELSE ARRAY[OLD.journal_entry_id, NEW.journal_entry_id] END LOOP
    EXECUTE format('SELECT entry_number, status, posted_xact FROM %I.journal_entries WHERE id = $1', TG_TABLE_SCHEMA)
      INTO entry USING entry_id;
    -- A line deleted by the cascade from its (draft) entry finds the entry gone.
    CONTINUE WHEN entry.status IS NULL;
    IF entry.status <> 'draft' AND entry.posted_xact IS DISTINCT FROM pg_current_xact_id() THEN
      RAISE EXCEPTION 'Journal entry % is posted: its % cannot be changed; post a reversal instead.', entry.entry_number,
        replace(TG_TABLE_NAME, '_', ' ')
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'journal_entries_posted_frozen';
    END IF;
    IF TG_TABLE_NAME = 'general_ledger' AND TG_OP <> 'DELETE' AND entry.status = 'draft' THEN
      RAISE EXCEPTION 'Journal entry % is a draft: only posted entries reach the general ledger.', entry.entry_number
        USING ERRCODE = 'check_violation', CONSTRAINT = 'general_ledger_posted_only';
    END IF;
  END LOOP;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER journal_lines_guard BEFORE INSERT OR UPDATE OR DELETE ON journal_lines
  FOR EACH ROW EXECUTE FUNCTION posted_rows_guard();
CREATE TRIGGER general_ledger_guard BEFORE INSERT OR UPDATE OR DELETE ON general_ledger
  FOR EACH ROW EXECUTE FUNCTION posted_rows_guard();

-- At commit: a posted entry has at least two lines, and its debits equal its credits in base
-- currency (each line's amount times its rate, rounded to the cent's hundredth like the columns).
CREATE FUNCTION journal_entries_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  totals record;
BEGIN
  -- The entry may have changed again (or gone back to draft, or away) later in the transaction.
  EXECUTE format('SELECT e.status, count(l.id) AS lines, coalesce(sum(round(l.debit * l.exchange_rate, 4)), 0) AS debit,
      coalesce(sum(round(l.credit * l.exchange_rate, 4)), 0) AS credit
      FROM %1$I.journal_entries e LEFT JOIN %1$I.journal_lines l ON l.journal_entry_id = e.id
      WHERE e.id = $1 GROUP BY e.status', TG_TABLE_SCHEMA)
    INTO totals USING NEW.id;
  IF totals.status IS DISTINCT FROM 'posted' THEN
    RETURN NULL;
  END IF;
  IF totals.lines < 2 OR totals.debit <> totals.credit THEN
    RAISE EXCEPTION 'Journal entry % does not balance: debits % and credits % in base currency over % lines.',
      NEW.entry_number, totals.debit, totals.credit, totals.lines
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entries_balanced';
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER journal_entries_balanced AFTER INSERT OR UPDATE ON journal_entries
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (NEW.status = 'posted') EXECUTE FUNCTION journal_entries_balanced();

-- Each account's balance (debits minus credits over its ledger rows), kept by the ledger itself: a
-- row entering the ledger takes the account's balance after it as its running balance, under the
-- account row's lock, so concurrent postings to one account queue and every running balance
-- follows the postings in the order they were made, whoever writes them (API, seed, psql).
CREATE FUNCTION general_ledger_running_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF (NEW.account_id, NEW.debit, NEW.credit) IS DISTINCT FROM (OLD.account_id, OLD.debit, OLD.credit) THEN
      RAISE EXCEPTION 'A ledger row''s account and amounts cannot change: post a reversal instead.'
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'journal_entries_posted_frozen';
    END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' THEN
    EXECUTE format('UPDATE %I.chart_of_accounts SET ledger_balance = ledger_balance - $1 WHERE id = $2', TG_TABLE_SCHEMA)
      USING OLD.debit - OLD.credit, OLD.account_id;
    RETURN OLD;
  END IF;
  EXECUTE format('UPDATE %I.chart_of_accounts SET ledger_balance = ledger_balance + $1 WHERE id = $2 RETURNING ledger_balance', TG_TABLE_SCHEMA)
    INTO NEW.running_balance USING NEW.debit - NEW.credit, NEW.account_id;
  RETURN NEW;
END
$$;
CREATE TRIGGER general_ledger_running_balance BEFORE INSERT OR UPDATE OR DELETE ON general_ledger
  FOR EACH ROW EXECUTE FUNCTION general_ledger_running_balance();

-- Banking's rules (template version 4; docs/modules/banking.md). A bank account posts through one
-- postable asset account (bank or cash); an imported statement line is a fact from the bank and
-- never changes; a match ties a line to ledger rows of that very account, each row at most once
-- (bank_transaction_matches_general_ledger_id_key), and at commit a matched line's matches add up
-- to its amount while an unmatched line has none.
CREATE FUNCTION bank_accounts_ledger_account() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  account record;
  has_lines boolean;
BEGIN
  IF TG_OP = 'UPDATE' AND (NEW.account_id, NEW.opening_balance) IS NOT DISTINCT FROM (OLD.account_id, OLD.opening_balance) THEN
    RETURN NEW;
  END IF;
  EXECUTE format('SELECT code, account_type, account_subtype, is_postable FROM %I.chart_of_accounts WHERE id = $1', TG_TABLE_SCHEMA)
    INTO account USING NEW.account_id;
  IF account.code IS NOT NULL AND (account.account_type <> 'asset' OR account.account_subtype IS DISTINCT FROM 'bank'
      AND account.account_subtype IS DISTINCT FROM 'cash' OR NOT account.is_postable) THEN
    RAISE EXCEPTION 'account_id: account % is not a postable bank or cash asset account.', account.code
      USING ERRCODE = 'check_violation', CONSTRAINT = 'bank_accounts_ledger_account';
  END IF;
  IF TG_OP = 'UPDATE' THEN
    EXECUTE format('SELECT EXISTS (SELECT FROM %I.bank_transactions WHERE bank_account_id = $1)', TG_TABLE_SCHEMA)
      INTO has_lines USING NEW.id;
    IF has_lines THEN
      RAISE EXCEPTION 'Bank account % has statement lines, so its ledger account and opening balance cannot change.', NEW.name
        USING ERRCODE = 'check_violation', CONSTRAINT = 'bank_accounts_ledger_account';
    END IF;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER bank_accounts_ledger_account BEFORE INSERT OR UPDATE ON bank_accounts
  FOR EACH ROW EXECUTE FUNCTION bank_accounts_ledger_account();

CREATE FUNCTION bank_transactions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.bank_statement_id IS NULL THEN
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_OP = 'DELETE' OR (NEW.bank_account_id, NEW.transaction_date, NEW.amount, NEW.description, NEW.reference,
      NEW.external_id, NEW.bank_statement_id, NEW.balance)
      IS DISTINCT FROM (OLD.bank_account_id, OLD.transaction_date, OLD.amount, OLD.description, OLD.reference,
      OLD.external_id, OLD.bank_statement_id, OLD.balance) THEN
    RAISE EXCEPTION 'Bank statement line of % for % was imported from the bank and cannot be changed or deleted.',
      OLD.transaction_date, OLD.amount
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'bank_transactions_imported_frozen';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER bank_transactions_guard BEFORE UPDATE OR DELETE ON bank_transactions
  FOR EACH ROW EXECUTE FUNCTION bank_transactions_guard();

-- A match takes its amount and entry from the ledger row, which must lie on the line's bank
-- account's ledger account; matches are removed and made anew, never edited.
CREATE FUNCTION bank_transaction_matches_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ledger record;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'A bank match cannot be changed: unmatch the line and match it again.'
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'bank_transaction_matches_frozen';
  END IF;
  EXECUTE format('SELECT gl.journal_entry_id, gl.debit - gl.credit AS amount, gl.account_id = ba.account_id AS same_account
      FROM %1$I.general_ledger gl, %1$I.bank_transactions bt JOIN %1$I.bank_accounts ba ON ba.id = bt.bank_account_id
      WHERE gl.id = $1 AND bt.id = $2', TG_TABLE_SCHEMA)
    INTO ledger USING NEW.general_ledger_id, NEW.bank_transaction_id;
  IF ledger.same_account IS FALSE THEN
    RAISE EXCEPTION 'A bank line can only be matched to ledger rows on its bank account''s ledger account.'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'bank_transaction_matches_account';
  END IF;
  IF ledger.same_account THEN
    NEW.journal_entry_id := ledger.journal_entry_id;
    NEW.amount := ledger.amount;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER bank_transaction_matches_guard BEFORE INSERT OR UPDATE ON bank_transaction_matches
  FOR EACH ROW EXECUTE FUNCTION bank_transaction_matches_guard();

-- At commit: a matched (or reconciled) line's matches add up to its amount; any other line has none.
CREATE FUNCTION bank_transactions_matched() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  line record;
  line_id uuid;
BEGIN
  -- Fired by a line (its own id) or by a match (the line it names); NEW is null on DELETE.
  line_id := CASE WHEN TG_TABLE_NAME = 'bank_transactions' THEN (to_jsonb(NEW) ->> 'id')::uuid
    WHEN TG_OP = 'DELETE' THEN (to_jsonb(OLD) ->> 'bank_transaction_id')::uuid
    ELSE (to_jsonb(NEW) ->> 'bank_transaction_id')::uuid END;
  EXECUTE format('SELECT bt.transaction_date, bt.amount, bt.status, count(m.id) AS matches, coalesce(sum(m.amount), 0) AS matched
      FROM %1$I.bank_transactions bt LEFT JOIN %1$I.bank_transaction_matches m ON m.bank_transaction_id = bt.id
      WHERE bt.id = $1 GROUP BY bt.id', TG_TABLE_SCHEMA)
    INTO line USING line_id;
  IF line.status IS NULL THEN
    RETURN NULL;
  END IF;
  IF line.status IN ('matched', 'reconciled') AND (line.matches = 0 OR line.matched <> line.amount)
      OR line.status NOT IN ('matched', 'reconciled') AND line.matches > 0 THEN
    RAISE EXCEPTION 'Bank line of % for % (%) has % matched ledger rows adding up to %: a matched line''s rows add up to its amount, an unmatched line has none.',
      line.transaction_date, line.amount, line.status, line.matches, line.matched
      USING ERRCODE = 'check_violation', CONSTRAINT = 'bank_transactions_matched_sum';
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER bank_transactions_matched AFTER UPDATE ON bank_transactions
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION bank_transactions_matched();
CREATE CONSTRAINT TRIGGER bank_transaction_matches_sum AFTER INSERT OR DELETE ON bank_transaction_matches
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION bank_transactions_matched();

-- The books every tenant starts with, so it can post from its first minute (template version 3):
-- the default chart of accounts, journals, the account of each automatic posting, the numbering
-- series, payment terms, and the fiscal years around `today` (the previous and the current
-- calendar year, monthly periods, open). Provisioning calls it for every tenant; change 0003 calls
-- it for tenants that existed before. Idempotent: what exists (a code, an overlapping year) stays.
-- Runs on the caller's search_path, which must be the tenant's schema (as it is for change files
-- and for provisioning), since the warm pool renames schemas after they are built.
CREATE FUNCTION set_up_books(today date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  year integer;
  fiscal_year uuid;
BEGIN
  INSERT INTO chart_of_accounts (code, name, account_type, account_subtype, normal_balance, is_postable)
  VALUES ('1', 'Assets', 'asset', NULL, 'debit', false),
    ('2', 'Liabilities', 'liability', NULL, 'credit', false),
    ('3', 'Equity', 'equity', NULL, 'credit', false),
    ('4', 'Revenue', 'revenue', NULL, 'credit', false),
    ('5', 'Cost of sales', 'expense', NULL, 'debit', false),
    ('6', 'Expenses', 'expense', NULL, 'debit', false)
  ON CONFLICT (code) DO NOTHING;
  INSERT INTO chart_of_accounts (code, name, account_type, account_subtype, normal_balance, parent_id)
  SELECT a.code, a.name, a.account_type, a.account_subtype, a.normal_balance, (SELECT id FROM chart_of_accounts WHERE code = left(a.code, 1))
  FROM (VALUES
    ('1010', 'Operating bank account', 'asset', 'bank', 'debit'),
    ('1200', 'Accounts receivable', 'asset', 'receivable', 'debit'),
    ('1300', 'Inventory', 'asset', 'inventory', 'debit'),
    ('1350', 'Inventory in transit', 'asset', 'inventory', 'debit'),
    ('1400', 'Input tax receivable', 'asset', 'tax_receivable', 'debit'),
    ('2000', 'Accounts payable', 'liability', 'payable', 'credit'),
    ('2050', 'Goods received not invoiced', 'liability', 'accrued_liability', 'credit'),
    ('2100', 'Sales tax payable', 'liability', 'tax_payable', 'credit'),
    ('2200', 'Commissions payable', 'liability', 'accrued_liability', 'credit'),
    ('2300', 'Payroll deductions payable', 'liability', 'accrued_liability', 'credit'),
    ('2310', 'Salaries payable', 'liability', 'accrued_liability', 'credit'),
    ('3000', 'Owner''s capital', 'equity', 'share_capital', 'credit'),
    ('3100', 'Retained earnings', 'equity', 'retained_earnings', 'credit'),
    ('4000', 'Sales revenue', 'revenue', 'sales', 'credit'),
    ('4100', 'Shipping income', 'revenue', 'other_income', 'credit'),
    ('4200', 'Interest income', 'revenue', 'other_income', 'credit'),
    ('5000', 'Cost of goods sold', 'expense', 'cost_of_goods_sold', 'debit'),
    ('5100', 'Inventory adjustments', 'expense', 'other_expense', 'debit'),
    ('5200', 'Purchase price variance', 'expense', 'other_expense', 'debit'),
    ('6100', 'Salaries and wages', 'expense', 'operating_expense', 'debit'),
    ('6200', 'Bank fees and charges', 'expense', 'operating_expense', 'debit'),
    ('6300', 'Commission expense', 'expense', 'operating_expense', 'debit')
  ) AS a(code, name, account_type, account_subtype, normal_balance)
  ON CONFLICT (code) DO NOTHING;

  INSERT INTO posting_accounts (purpose, account_id)
  SELECT p.purpose, a.id
  FROM (VALUES ('bank', '1010'), ('receivable', '1200'), ('inventory', '1300'), ('tax_receivable', '1400'),
    ('payable', '2000'), ('goods_received_not_invoiced', '2050'), ('tax_payable', '2100'), ('opening_equity', '3000'),
    ('revenue', '4000'), ('shipping_income', '4100'), ('cost_of_goods_sold', '5000'), ('inventory_adjustment', '5100'),
    ('salary_expense', '6100'), ('payroll_deductions_payable', '2300'), ('salaries_payable', '2310'),
    ('inventory_in_transit', '1350'), ('purchase_price_variance', '5200'), ('bank_fees', '6200'), ('interest_income', '4200'),
    ('commission_expense', '6300'), ('commission_payable', '2200')
  ) AS p(purpose, code)
  JOIN chart_of_accounts a ON a.code = p.code
  ON CONFLICT (purpose) DO NOTHING;

  INSERT INTO journals (code, name, journal_type, default_account_id)
  SELECT j.code, j.name, j.journal_type, (SELECT id FROM chart_of_accounts WHERE code = j.account)
  FROM (VALUES ('SALES', 'Sales journal', 'sales', '1200'), ('PURCH', 'Purchases journal', 'purchases', '2000'),
    ('BANK', 'Bank journal', 'bank', '1010'), ('GEN', 'General journal', 'general', NULL),
    ('INV', 'Inventory journal', 'inventory', '1300')
  ) AS j(code, name, journal_type, account)
  ON CONFLICT (code) DO NOTHING;

  INSERT INTO document_series (document_type, code, prefix, is_default)
  VALUES ('order', 'SO', 'SO-', true), ('shipment', 'SH', 'SH-', true), ('invoice', 'INV', 'INV-', true),
    ('credit_note', 'CN', 'CN-', true), ('receipt', 'RC', 'RC-', true), ('journal', 'JE', 'JE-', true),
    ('purchase_order', 'PO', 'PO-', true), ('goods_receipt', 'GRN', 'GRN-', true), ('vendor_bill', 'VB', 'VB-', true),
    ('payment', 'PAY', 'PAY-', true), ('stock_count', 'SC', 'SC-', true), ('stock_transfer', 'ST', 'ST-', true),
    ('debit_note', 'DN', 'DN-', true), ('commission_payout', 'CP', 'CP-', true)
  ON CONFLICT DO NOTHING;

  INSERT INTO payment_terms (code, name, due_days)
  VALUES ('NET30', 'Net 30 days', 30), ('NET15', 'Net 15 days', 15), ('DUE', 'Due on receipt', 0)
  ON CONFLICT (code) DO NOTHING;

  FOR year IN extract(year FROM today)::integer - 1 .. extract(year FROM today)::integer LOOP
    CONTINUE WHEN EXISTS (SELECT 1 FROM fiscal_years
      WHERE daterange(start_date, end_date, '[]') && daterange(make_date(year, 1, 1), make_date(year, 12, 31), '[]'));
    INSERT INTO fiscal_years (name, start_date, end_date) VALUES ('FY' || year, make_date(year, 1, 1), make_date(year, 12, 31))
      ON CONFLICT (name) DO NOTHING
      RETURNING id INTO fiscal_year;
    CONTINUE WHEN fiscal_year IS NULL;
    INSERT INTO fiscal_periods (fiscal_year_id, period_number, name, start_date, end_date)
    SELECT fiscal_year, month, to_char(make_date(year, month, 1), 'FMMonth YYYY'), make_date(year, month, 1),
      (make_date(year, month, 1) + interval '1 month' - interval '1 day')::date
    FROM generate_series(1, 12) AS month;
  END LOOP;
END
$$;
