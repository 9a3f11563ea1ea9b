-- Banking (docs/modules/banking.md): bank statements imported through the API, their lines matched to
-- the ledger rows on the bank account's ledger account, bank fees and interest posted from a line.
-- Expand only: new tables, nullable columns, a wider CHECK list, new triggers on tables whose rows
-- version-3 code never writes (statement lines, matches) or writes only with a bank account.

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

-- The statement that first brought a line, and the balance the statement printed after it.
ALTER TABLE bank_transactions ADD COLUMN bank_statement_id uuid REFERENCES bank_statements (id);
ALTER TABLE bank_transactions ADD COLUMN balance numeric(18,4);
ALTER TABLE bank_transactions ADD CONSTRAINT bank_transactions_imported_key CHECK (bank_statement_id IS NULL OR external_id IS NOT NULL);
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

-- Bank fees and interest income get their own accounts and posting purposes.
ALTER TABLE posting_accounts DROP CONSTRAINT posting_accounts_purpose_check;
ALTER TABLE posting_accounts ADD CONSTRAINT posting_accounts_purpose_check
  CHECK (purpose IN ('bank', 'receivable', 'inventory', 'tax_receivable', 'payable',
    'goods_received_not_invoiced', 'tax_payable', 'opening_equity', 'revenue', 'shipping_income',
    'cost_of_goods_sold', 'inventory_adjustment', 'salary_expense', 'payroll_deductions_payable', 'salaries_payable',
    'inventory_in_transit', 'purchase_price_variance', 'bank_fees', 'interest_income'));

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

COMMENT ON CONSTRAINT bank_transactions_imported_key ON bank_transactions IS 'external_id (the line''s content hash) is required on a line imported from a statement.';
COMMENT ON CONSTRAINT bank_statements_new_lines ON bank_statements IS 'new_line_count cannot exceed line_count.';

-- The new accounts and purposes for tenants that exist (idempotent: what exists stays).
CREATE OR REPLACE FUNCTION set_up_books(today date) RETURNS void LANGUAGE plpgsql AS $$
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
    ('6200', 'Bank fees and charges', 'expense', 'operating_expense', 'debit')
  ) AS a(code, name, account_type, account_subtype, normal_balance)
  ON CONFLICT (code) DO NOTHING;

  INSERT INTO posting_accounts (purpose, account_id)
  SELECT p.purpose, a.id
  FROM (VALUES ('bank', '1010'), ('receivable', '1200'), ('inventory', '1300'), ('tax_receivable', '1400'),
    ('payable', '2000'), ('goods_received_not_invoiced', '2050'), ('tax_payable', '2100'), ('opening_equity', '3000'),
    ('revenue', '4000'), ('shipping_income', '4100'), ('cost_of_goods_sold', '5000'), ('inventory_adjustment', '5100'),
    ('salary_expense', '6100'), ('payroll_deductions_payable', '2300'), ('salaries_payable', '2310'),
    ('inventory_in_transit', '1350'), ('purchase_price_variance', '5200'), ('bank_fees', '6200'), ('interest_income', '4200')
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
    ('debit_note', 'DN', 'DN-', true)
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

SELECT set_up_books(current_date);
