-- Procure to pay: purchase orders with approval, goods receipts against them, vendor bills with a
-- three-way match, vendor payments allocated to bills, debit notes (returns to vendor).

-- Order statuses gain 'approved'; an order past draft must have been approved.
ALTER TABLE purchase_orders DROP CONSTRAINT purchase_orders_status_check;
ALTER TABLE purchase_orders ADD CONSTRAINT purchase_orders_status_check
  CHECK (status IN ('draft', 'sent', 'partially_received', 'received', 'closed', 'cancelled', 'approved'));
ALTER TABLE purchase_orders ADD CONSTRAINT purchase_orders_approved CHECK (status IN ('draft', 'cancelled') OR approved_at IS NOT NULL);

-- Order lines count what was billed and returned, and keep the tolerance they were ordered with.
ALTER TABLE purchase_order_items ADD COLUMN quantity_billed numeric(18,4) NOT NULL DEFAULT 0 CHECK (quantity_billed >= 0);
ALTER TABLE purchase_order_items ADD COLUMN quantity_returned numeric(18,4) NOT NULL DEFAULT 0 CHECK (quantity_returned >= 0);
ALTER TABLE purchase_order_items ADD COLUMN quantity_tolerance_percent numeric(7,4) NOT NULL DEFAULT 0
  CHECK (quantity_tolerance_percent BETWEEN 0 AND 100);
-- Wider than before (a tolerance of 0 is the old rule).
ALTER TABLE purchase_order_items DROP CONSTRAINT purchase_order_items_received;
ALTER TABLE purchase_order_items ADD CONSTRAINT purchase_order_items_received
  CHECK (quantity_received <= quantity_ordered * (1 + quantity_tolerance_percent / 100));
ALTER TABLE purchase_order_items ADD CONSTRAINT purchase_order_items_billed
  CHECK (quantity_billed <= quantity_received * (1 + quantity_tolerance_percent / 100));
ALTER TABLE purchase_order_items ADD CONSTRAINT purchase_order_items_returned CHECK (quantity_returned <= quantity_billed);

-- Bills: what debit notes took off, who overrode a match variance, never settled beyond the total.
ALTER TABLE vendor_invoices ADD COLUMN amount_credited numeric(18,4) NOT NULL DEFAULT 0 CHECK (amount_credited >= 0);
ALTER TABLE vendor_invoices ADD COLUMN overridden_by uuid REFERENCES users (id);
ALTER TABLE vendor_invoices ADD CONSTRAINT vendor_invoices_settled_le_total CHECK (amount_paid + amount_credited <= grand_total);
CREATE INDEX vendor_invoices_overridden_by_idx ON vendor_invoices (overridden_by);

-- Debit notes are returns to vendor against a bill.
ALTER TABLE purchase_returns ADD COLUMN vendor_invoice_id uuid REFERENCES vendor_invoices (id);
ALTER TABLE purchase_returns ADD COLUMN tax_total numeric(18,4) NOT NULL DEFAULT 0 CHECK (tax_total >= 0);
ALTER TABLE purchase_returns ADD CONSTRAINT purchase_returns_tax_le_total CHECK (tax_total <= total_amount);
CREATE INDEX purchase_returns_vendor_invoice_id_idx ON purchase_returns (vendor_invoice_id);
ALTER TABLE purchase_return_items ADD COLUMN vendor_invoice_item_id uuid REFERENCES vendor_invoice_items (id);
ALTER TABLE purchase_return_items ADD COLUMN tax_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (tax_amount >= 0);
CREATE INDEX purchase_return_items_vendor_invoice_item_id_idx ON purchase_return_items (vendor_invoice_item_id);

-- Purchasing rules of the tenant (template version 4): at most one row; while there is none the
-- column defaults apply. Orders whose grand total is above approval_threshold need a user holding
-- procurement.approve to approve them; receipts and bills may exceed the ordered / received
-- quantity by quantity_tolerance_percent, and a bill's price may differ from the order's by
-- price_tolerance_percent before the three-way match reports a variance.
CREATE TABLE procurement_settings (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  singleton boolean NOT NULL DEFAULT true,
  approval_threshold numeric(18,4) NOT NULL DEFAULT 1000 CHECK (approval_threshold >= 0),
  quantity_tolerance_percent numeric(7,4) NOT NULL DEFAULT 0 CHECK (quantity_tolerance_percent BETWEEN 0 AND 100),
  price_tolerance_percent numeric(7,4) NOT NULL DEFAULT 0 CHECK (price_tolerance_percent BETWEEN 0 AND 100),
  currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT procurement_settings_singleton_key UNIQUE (singleton),
  CONSTRAINT procurement_settings_one_row CHECK (singleton)
);

-- A purchase order line keeps what was agreed once the order leaves draft: product, quantity
-- ordered, price, tax and totals are frozen; receipts, bills and debit notes move only the
-- quantity_received / quantity_billed / quantity_returned counters (template version 4).
CREATE FUNCTION purchase_order_items_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  order_status text;
BEGIN
  EXECUTE format('SELECT status FROM %I.purchase_orders WHERE id = $1', TG_TABLE_SCHEMA) INTO order_status USING OLD.purchase_order_id;
  IF order_status IS NOT NULL AND order_status <> 'draft' AND (TG_OP = 'DELETE'
      OR (NEW.product_id, NEW.product_variant_id, NEW.quantity_ordered, NEW.unit_cost, NEW.tax_amount, NEW.line_total,
        NEW.quantity_tolerance_percent)
        IS DISTINCT FROM (OLD.product_id, OLD.product_variant_id, OLD.quantity_ordered, OLD.unit_cost, OLD.tax_amount,
        OLD.line_total, OLD.quantity_tolerance_percent)) THEN
    RAISE EXCEPTION 'Purchase order line % is %: its product, quantity, price and totals cannot change.', OLD.line_number, order_status
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'purchase_order_items_frozen';
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER purchase_order_items_frozen BEFORE UPDATE OR DELETE ON purchase_order_items
  FOR EACH ROW EXECUTE FUNCTION purchase_order_items_frozen();

-- A payment's allocation raises its bill's amount_paid (and status) in the same statement, so the
-- bill's CHECK amount_paid + amount_credited <= grand_total refuses an allocation beyond what is
-- open, whoever writes it; allocations to one bill queue on the bill's row. Only an approved (or
-- partially paid) bill can be paid, and allocations are never changed or removed (template version 4).
-- Both functions name their tables through TG_TABLE_SCHEMA, like the books' (05_finance.sql).
CREATE FUNCTION vendor_payment_allocations_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  updated integer;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    RAISE EXCEPTION 'A vendor payment''s allocations cannot be changed or removed.'
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'vendor_payment_allocations_open_bill';
  END IF;
  EXECUTE format('UPDATE %I.vendor_invoices SET amount_paid = amount_paid + $1,
      status = CASE WHEN amount_paid + $1 + amount_credited = grand_total THEN ''paid'' ELSE ''partially_paid'' END,
      updated_at = now()
    WHERE id = $2 AND status IN (''approved'', ''partially_paid'')', TG_TABLE_SCHEMA) USING NEW.amount, NEW.vendor_invoice_id;
  GET DIAGNOSTICS updated = ROW_COUNT;
  IF updated = 0 THEN
    RAISE EXCEPTION 'Only an approved vendor bill with money open can be paid.'
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'vendor_payment_allocations_open_bill';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER vendor_payment_allocations_apply AFTER INSERT OR UPDATE OR DELETE ON vendor_payment_allocations
  FOR EACH ROW EXECUTE FUNCTION vendor_payment_allocations_apply();

COMMENT ON CONSTRAINT purchase_orders_approved ON purchase_orders IS 'A purchase order past draft needs approved_at (it must be approved first).';
COMMENT ON CONSTRAINT purchase_order_items_received ON purchase_order_items IS 'quantity_received must not exceed quantity_ordered plus quantity_tolerance_percent.';
COMMENT ON CONSTRAINT purchase_order_items_billed ON purchase_order_items IS 'quantity_billed must not exceed quantity_received plus quantity_tolerance_percent.';
COMMENT ON CONSTRAINT purchase_order_items_returned ON purchase_order_items IS 'quantity_returned must not exceed quantity_billed.';
COMMENT ON CONSTRAINT vendor_invoices_settled_le_total ON vendor_invoices IS 'amount_paid plus amount_credited must not exceed grand_total (a bill is never over-paid).';
COMMENT ON CONSTRAINT procurement_settings_one_row ON procurement_settings IS 'A tenant has one row of procurement settings (singleton must be true).';

-- The approval right, a debit-note series, and a purchase price variance account.
ALTER TABLE permissions DROP CONSTRAINT permissions_action_check;
ALTER TABLE permissions ADD CONSTRAINT permissions_action_check
  CHECK (action IN ('read', 'write', 'admin', 'close', 'override', 'payroll', 'approve'));
ALTER TABLE document_series DROP CONSTRAINT document_series_document_type_check;
ALTER TABLE document_series ADD CONSTRAINT document_series_document_type_check
  CHECK (document_type IN ('order', 'shipment', 'invoice', 'credit_note', 'purchase_order', 'goods_receipt', 'vendor_bill', 'payment', 'journal', 'receipt',
      'stock_count', 'stock_transfer', 'debit_note'));
ALTER TABLE posting_accounts DROP CONSTRAINT posting_accounts_purpose_check;
ALTER TABLE posting_accounts ADD CONSTRAINT posting_accounts_purpose_check CHECK (purpose IN ('bank', 'receivable', 'inventory', 'tax_receivable', 'payable',
    'goods_received_not_invoiced', 'tax_payable', 'opening_equity', 'revenue', 'shipping_income',
    'cost_of_goods_sold', 'inventory_adjustment', 'salary_expense', 'payroll_deductions_payable', 'salaries_payable',
    'inventory_in_transit', 'purchase_price_variance'));

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
    ('5200', 'Purchase price variance', 'expense', 'other_expense', 'debit'),
    ('6100', 'Salaries and wages', 'expense', 'operating_expense', 'debit')
  ) AS a(code, name, account_type, account_subtype, normal_balance)
  ON CONFLICT (code) DO NOTHING;

  INSERT INTO posting_accounts (purpose, account_id)
  SELECT p.purpose, a.id
  FROM (VALUES ('bank', '1010'), ('receivable', '1200'), ('inventory', '1300'), ('tax_receivable', '1400'),
    ('payable', '2000'), ('goods_received_not_invoiced', '2050'), ('tax_payable', '2100'), ('opening_equity', '3000'),
    ('revenue', '4000'), ('shipping_income', '4100'), ('cost_of_goods_sold', '5000'), ('inventory_adjustment', '5100'),
    ('salary_expense', '6100'), ('payroll_deductions_payable', '2300'), ('salaries_payable', '2310'),
    ('inventory_in_transit', '1350'), ('purchase_price_variance', '5200')
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

INSERT INTO permissions (key, module, action)
VALUES ('procurement.approve', 'procurement', 'approve'), ('procurement.override', 'procurement', 'override')
ON CONFLICT (key) DO NOTHING;
INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id FROM roles r CROSS JOIN permissions p
WHERE r.key IN ('admin', 'manager') AND p.key IN ('procurement.approve', 'procurement.override')
ON CONFLICT DO NOTHING;

SELECT set_up_books(current_date);
