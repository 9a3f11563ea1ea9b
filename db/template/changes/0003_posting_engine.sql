-- Template version 3: what the posting engine needs (docs/modules/finance.md, docs/modules/order-to-cash.md).
-- Expand only: new tables, columns with constant defaults (no table rewrite), wider CHECK lists.
-- Code of version 2 never writes the new statuses or columns, so it runs unchanged on version 3.

-- The account each automatic posting uses, by purpose; set up at provisioning with the chart of accounts.
CREATE TABLE posting_accounts (
  purpose text PRIMARY KEY CHECK (purpose IN ('bank', 'receivable', 'inventory', 'tax_receivable', 'payable',
    'goods_received_not_invoiced', 'tax_payable', 'opening_equity', 'revenue', 'shipping_income',
    'cost_of_goods_sold', 'inventory_adjustment')),
  account_id uuid NOT NULL REFERENCES chart_of_accounts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX posting_accounts_account_id_idx ON posting_accounts (account_id);

-- Journal entries and payment receipts are numbered gaplessly too.
ALTER TABLE document_series DROP CONSTRAINT document_series_document_type_check;
ALTER TABLE document_series ADD CONSTRAINT document_series_document_type_check
  CHECK (document_type IN ('order', 'shipment', 'invoice', 'credit_note', 'purchase_order', 'goods_receipt', 'vendor_bill', 'payment', 'journal', 'receipt'));

-- Partial deliveries: an order is partially shipped until every line has shipped.
ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check
  CHECK (status IN ('draft', 'confirmed', 'partially_shipped', 'shipped', 'delivered', 'cancelled'));

-- The order's history names the new status too.
ALTER TABLE order_status_history DROP CONSTRAINT order_status_history_from_status_check;
ALTER TABLE order_status_history ADD CONSTRAINT order_status_history_from_status_check
  CHECK (from_status IN ('draft', 'confirmed', 'partially_shipped', 'shipped', 'delivered', 'cancelled'));
ALTER TABLE order_status_history DROP CONSTRAINT order_status_history_to_status_check;
ALTER TABLE order_status_history ADD CONSTRAINT order_status_history_to_status_check
  CHECK (to_status IN ('draft', 'confirmed', 'partially_shipped', 'shipped', 'delivered', 'cancelled'));

-- What has been invoiced of each line: invoiced never exceeds shipped.
ALTER TABLE order_items ADD COLUMN quantity_invoiced numeric(18,4) NOT NULL DEFAULT 0 CHECK (quantity_invoiced >= 0);
ALTER TABLE order_items ADD CONSTRAINT order_items_invoiced_le_shipped CHECK (quantity_invoiced <= quantity_shipped);

-- The cost each shipped line left with (its posting is the journal entry whose source is the shipment).
ALTER TABLE shipment_items ADD COLUMN unit_cost numeric(18,4) NOT NULL DEFAULT 0 CHECK (unit_cost >= 0);

-- Moving-average cost per product (variant) and warehouse, updated by every receipt.
ALTER TABLE inventory ADD COLUMN average_cost numeric(18,4) NOT NULL DEFAULT 0 CHECK (average_cost >= 0);

-- What credit notes took off an invoice: payments and credits together never exceed it.
ALTER TABLE tax_invoices ADD COLUMN amount_credited numeric(18,4) NOT NULL DEFAULT 0 CHECK (amount_credited >= 0);
ALTER TABLE tax_invoices ADD CONSTRAINT tax_invoices_settled_le_total CHECK (amount_paid + amount_credited <= grand_total);

-- The request that wrote each audit row, and the document's history in order.
ALTER TABLE audit_log ADD COLUMN request_id text CHECK (length(request_id) <= 100);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, occurred_at);

COMMENT ON CONSTRAINT tax_invoices_settled_le_total ON tax_invoices IS 'amount_paid plus amount_credited cannot exceed grand_total: the invoice is already settled.';


ALTER TABLE chart_of_accounts ADD COLUMN ledger_balance numeric(18,4) NOT NULL DEFAULT 0;
UPDATE chart_of_accounts a SET ledger_balance = l.balance
FROM (SELECT account_id, sum(debit - credit) AS balance FROM general_ledger GROUP BY account_id) l WHERE l.account_id = a.id;

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
    ('1400', 'Input tax receivable', 'asset', 'tax_receivable', 'debit'),
    ('2000', 'Accounts payable', 'liability', 'payable', 'credit'),
    ('2050', 'Goods received not invoiced', 'liability', 'accrued_liability', 'credit'),
    ('2100', 'Sales tax payable', 'liability', 'tax_payable', 'credit'),
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
    ('revenue', '4000'), ('shipping_income', '4100'), ('cost_of_goods_sold', '5000'), ('inventory_adjustment', '5100')
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
    ('payment', 'PAY', 'PAY-', true)
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

-- Rights beyond read and write: closing fiscal periods, overriding credit limits, reading the audit
-- log; tenants that existed before get them for their admin and manager roles.
ALTER TABLE permissions DROP CONSTRAINT permissions_action_check;
ALTER TABLE permissions ADD CONSTRAINT permissions_action_check CHECK (action IN ('read', 'write', 'admin', 'close', 'override'));
INSERT INTO permissions (key, module, action)
VALUES ('finance.close', 'finance', 'close'), ('audit.read', 'audit', 'read'), ('sales.override', 'sales', 'override')
ON CONFLICT (key) DO NOTHING;
INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id FROM roles r CROSS JOIN permissions p
WHERE r.key IN ('admin', 'manager') AND p.key IN ('finance.close', 'audit.read', 'sales.override')
ON CONFLICT DO NOTHING;

-- Tenants that existed before this version get their books now (what they already have stays).
SELECT set_up_books(current_date);
