-- Inventory depth: stock counts that post their differences, transfers that carry their cost
-- through an in-transit account, and the numbering and accounts they need (docs/modules/inventory.md).
-- Expand only: new columns (nullable or with constant defaults), wider CHECK lists, new rules on
-- tables the earlier code never wrote to (stock counts), guards for documents that are final.

-- Transfers carry the source's average cost to the destination.
ALTER TABLE stock_transfer_items ADD COLUMN unit_cost numeric(18,4) NOT NULL DEFAULT 0 CHECK (unit_cost >= 0);

-- Counts: when they were posted, the book quantity each line was counted against, and the cost its difference was posted at.
ALTER TABLE stock_counts ADD COLUMN posted_at timestamptz;
ALTER TABLE stock_counts ADD CONSTRAINT stock_counts_posted_dated CHECK (status <> 'posted' OR posted_at IS NOT NULL);
ALTER TABLE stock_count_items ADD COLUMN book_quantity numeric(18,4) CHECK (book_quantity >= 0);
ALTER TABLE stock_count_items ADD COLUMN unit_cost numeric(18,4) CHECK (unit_cost >= 0);
ALTER TABLE stock_count_items ADD CONSTRAINT stock_count_items_book_when_counted
  CHECK ((counted_quantity IS NULL) = (book_quantity IS NULL));
COMMENT ON CONSTRAINT stock_count_items_book_when_counted ON stock_count_items IS 'book_quantity is recorded together with counted_quantity (and only then).';

-- Counts and transfers are numbered gaplessly.
ALTER TABLE document_series DROP CONSTRAINT document_series_document_type_check;
ALTER TABLE document_series ADD CONSTRAINT document_series_document_type_check
  CHECK (document_type IN ('order', 'shipment', 'invoice', 'credit_note', 'purchase_order', 'goods_receipt', 'vendor_bill', 'payment', 'journal', 'receipt',
      'stock_count', 'stock_transfer'));

-- Goods shipped from one warehouse and not yet received at the other sit in their own account.
ALTER TABLE posting_accounts DROP CONSTRAINT posting_accounts_purpose_check;
ALTER TABLE posting_accounts ADD CONSTRAINT posting_accounts_purpose_check
  CHECK (purpose IN ('bank', 'receivable', 'inventory', 'tax_receivable', 'payable',
    'goods_received_not_invoiced', 'tax_payable', 'opening_equity', 'revenue', 'shipping_income',
    'cost_of_goods_sold', 'inventory_adjustment', 'salary_expense', 'payroll_deductions_payable', 'salaries_payable',
    'inventory_in_transit'));

-- Posted and cancelled stock counts are final, and so are received and cancelled transfers: the
-- database refuses to change or delete them or their lines, whoever writes (API, seed, psql as the
-- tenant role); a wrong count is corrected by a new count or an adjustment (template version 4).
-- The functions name their tables through TG_TABLE_SCHEMA, as the books' rules do (05_finance.sql).
CREATE FUNCTION stock_counts_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IN ('posted', 'cancelled') THEN
    RAISE EXCEPTION 'Stock count % is %, and cannot be changed or deleted: count again or adjust the stock instead.', OLD.count_number, OLD.status
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'stock_counts_posted_frozen';
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER stock_counts_posted_frozen BEFORE UPDATE OR DELETE ON stock_counts
  FOR EACH ROW EXECUTE FUNCTION stock_counts_guard();

CREATE FUNCTION stock_count_items_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  number text;
  state text;
BEGIN
  EXECUTE format('SELECT count_number, status FROM %I.stock_counts WHERE id = $1', TG_TABLE_SCHEMA)
    INTO number, state USING CASE TG_OP WHEN 'DELETE' THEN OLD.stock_count_id ELSE NEW.stock_count_id END;
  IF state IN ('posted', 'cancelled') THEN
    RAISE EXCEPTION 'Stock count % is %, and its lines cannot be changed: count again or adjust the stock instead.', number, state
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'stock_counts_posted_frozen';
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER stock_count_items_posted_frozen BEFORE INSERT OR UPDATE OR DELETE ON stock_count_items
  FOR EACH ROW EXECUTE FUNCTION stock_count_items_guard();

CREATE FUNCTION stock_transfers_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IN ('received', 'cancelled') THEN
    RAISE EXCEPTION 'Stock transfer % is %, and cannot be changed or deleted: transfer the goods back instead.', OLD.transfer_number, OLD.status
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'stock_transfers_received_frozen';
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER stock_transfers_received_frozen BEFORE UPDATE OR DELETE ON stock_transfers
  FOR EACH ROW EXECUTE FUNCTION stock_transfers_guard();

-- A line of a received or cancelled transfer is final too (lines are written with their transfer,
-- so inserts stay allowed: the direct transfer inserts a received transfer with its line).
CREATE FUNCTION stock_transfer_items_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  number text;
  state text;
BEGIN
  EXECUTE format('SELECT transfer_number, status FROM %I.stock_transfers WHERE id = $1', TG_TABLE_SCHEMA)
    INTO number, state USING OLD.stock_transfer_id;
  IF state IN ('received', 'cancelled') THEN
    RAISE EXCEPTION 'Stock transfer % is %, and its lines cannot be changed: transfer the goods back instead.', number, state
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'stock_transfers_received_frozen';
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER stock_transfer_items_received_frozen BEFORE UPDATE OR DELETE ON stock_transfer_items
  FOR EACH ROW EXECUTE FUNCTION stock_transfer_items_guard();

-- The books every tenant starts with now include the in-transit account and the two new series.
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
    ('5000', 'Cost of goods sold', 'expense', 'cost_of_goods_sold', 'debit'),
    ('5100', 'Inventory adjustments', 'expense', 'other_expense', 'debit'),
    ('6100', 'Salaries and wages', 'expense', 'operating_expense', 'debit')
  ) AS a(code, name, account_type, account_subtype, normal_balance)
  ON CONFLICT (code) DO NOTHING;

  INSERT INTO posting_accounts (purpose, account_id)
  SELECT p.purpose, a.id
  FROM (VALUES ('bank', '1010'), ('receivable', '1200'), ('inventory', '1300'), ('tax_receivable', '1400'),
    ('payable', '2000'), ('goods_received_not_invoiced', '2050'), ('tax_payable', '2100'), ('opening_equity', '3000'),
    ('revenue', '4000'), ('shipping_income', '4100'), ('cost_of_goods_sold', '5000'), ('inventory_adjustment', '5100'),
    ('salary_expense', '6100'), ('payroll_deductions_payable', '2300'), ('salaries_payable', '2310'),
    ('inventory_in_transit', '1350')
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
    ('payment', 'PAY', 'PAY-', true), ('stock_count', 'SC', 'SC-', true), ('stock_transfer', 'ST', 'ST-', true)
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
