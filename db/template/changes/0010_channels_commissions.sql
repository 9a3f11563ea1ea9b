-- Channels and commissions (docs/modules/channels.md): partner status lifecycles kept by a trigger,
-- order attribution, commission rules, commission runs and their lines, and the two accounts
-- approval posts to (commission expense, commissions payable).
-- Expand only: new tables, functions and triggers, a wider CHECK list. The status triggers refuse
-- only moves the lifecycle forbids; code of the previous version never makes them on purpose.

ALTER TABLE posting_accounts DROP CONSTRAINT posting_accounts_purpose_check;
ALTER TABLE posting_accounts ADD CONSTRAINT posting_accounts_purpose_check
  CHECK (purpose IN ('bank', 'receivable', 'inventory', 'tax_receivable', 'payable',
    'goods_received_not_invoiced', 'tax_payable', 'opening_equity', 'revenue', 'shipping_income',
    'cost_of_goods_sold', 'inventory_adjustment', 'salary_expense', 'payroll_deductions_payable', 'salaries_payable',
    'inventory_in_transit', 'purchase_price_variance', 'bank_fees', 'interest_income', 'commission_expense', 'commission_payable'));

-- Status lifecycles of channels and partners (docs/modules/channels.md): a status may only move
-- along these arrows; a row keeps its status otherwise. Terminal: archived, terminated, expired.
CREATE FUNCTION channel_status_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  allowed text[];
BEGIN
  allowed := CASE TG_TABLE_NAME
    WHEN 'channels' THEN ARRAY['active>inactive', 'inactive>active', 'active>archived', 'inactive>archived']
    WHEN 'dealers' THEN ARRAY['prospect>active', 'prospect>terminated', 'active>on_hold', 'on_hold>active',
      'active>suspended', 'on_hold>suspended', 'suspended>active', 'active>terminated', 'on_hold>terminated',
      'suspended>terminated']
    WHEN 'franchisees' THEN ARRAY['prospect>active', 'prospect>terminated', 'active>suspended', 'suspended>active',
      'active>terminated', 'suspended>terminated', 'active>expired', 'suspended>expired']
    WHEN 'community_partners' THEN ARRAY['pending>active', 'pending>terminated', 'active>suspended', 'suspended>active',
      'active>terminated', 'suspended>terminated']
  END;
  IF NOT (OLD.status || '>' || NEW.status) = ANY (coalesce(allowed, ARRAY[]::text[])) THEN
    RAISE EXCEPTION 'status cannot move from % to % (% allows: %).', OLD.status, NEW.status,
        replace(TG_TABLE_NAME, '_', ' '), array_to_string(allowed, ', ')
      USING ERRCODE = 'check_violation', CONSTRAINT = 'channel_status_transition';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER channels_status_transition BEFORE UPDATE OF status ON channels
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION channel_status_guard();
CREATE TRIGGER dealers_status_transition BEFORE UPDATE OF status ON dealers
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION channel_status_guard();
CREATE TRIGGER franchisees_status_transition BEFORE UPDATE OF status ON franchisees
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION channel_status_guard();
CREATE TRIGGER community_partners_status_transition BEFORE UPDATE OF status ON community_partners
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION channel_status_guard();

-- Which channel an order came through, and the dealer, franchisee or community partner who earns
-- commission on it (none: the channel's own sale). One row per order.
CREATE TABLE order_attributions (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    order_id uuid NOT NULL UNIQUE REFERENCES orders (id),
    channel_id uuid NOT NULL REFERENCES channels (id),
    beneficiary_type text CHECK (beneficiary_type IN ('dealer', 'franchisee', 'community_partner')),
    dealer_id uuid REFERENCES dealers (id),
    franchisee_id uuid REFERENCES franchisees (id),
    community_partner_id uuid REFERENCES community_partners (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT order_attributions_beneficiary CHECK (
        coalesce(beneficiary_type = 'dealer', false) = (dealer_id IS NOT NULL)
        AND coalesce(beneficiary_type = 'franchisee', false) = (franchisee_id IS NOT NULL)
        AND coalesce(beneficiary_type = 'community_partner', false) = (community_partner_id IS NOT NULL))
);
CREATE INDEX order_attributions_channel_id_idx ON order_attributions (channel_id);
CREATE INDEX order_attributions_dealer_id_idx ON order_attributions (dealer_id);
CREATE INDEX order_attributions_franchisee_id_idx ON order_attributions (franchisee_id);
CREATE INDEX order_attributions_community_partner_id_idx ON order_attributions (community_partner_id);

-- Commission rates: a rule applies to the orders of its channel (and of one partner, when it names
-- one), to the product lines of its category (any category when null), once the partner's
-- commissionable volume in the run reaches min_volume (volume tiers). The most specific rule wins:
-- partner before channel-wide, category before any, then the highest tier reached. Rules are never
-- edited (commission lines keep their rate): retire one and create its successor.
CREATE TABLE commission_rules (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    channel_id uuid NOT NULL REFERENCES channels (id),
    dealer_id uuid REFERENCES dealers (id),
    franchisee_id uuid REFERENCES franchisees (id),
    community_partner_id uuid REFERENCES community_partners (id),
    category_id uuid REFERENCES categories (id),
    min_volume numeric(18,4) NOT NULL DEFAULT 0 CHECK (min_volume >= 0),
    rate numeric(7,4) NOT NULL CHECK (rate BETWEEN 0 AND 100),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT commission_rules_one_partner CHECK (num_nonnulls(dealer_id, franchisee_id, community_partner_id) <= 1)
);
CREATE INDEX commission_rules_channel_id_idx ON commission_rules (channel_id);
CREATE INDEX commission_rules_dealer_id_idx ON commission_rules (dealer_id);
CREATE INDEX commission_rules_franchisee_id_idx ON commission_rules (franchisee_id);
CREATE INDEX commission_rules_community_partner_id_idx ON commission_rules (community_partner_id);
CREATE INDEX commission_rules_category_id_idx ON commission_rules (category_id);
CREATE UNIQUE INDEX commission_rules_active_uq ON commission_rules
    (channel_id, dealer_id, franchisee_id, community_partner_id, category_id, min_volume) NULLS NOT DISTINCT
    WHERE status = 'active';

-- One partner's commissions for one month: earned on the invoices of its attributed orders, less
-- what credit notes and cancelled invoices claw back. Draft until approved; approval posts the net
-- (Dr commission expense / Cr commission payable) and freezes the run and its lines.
CREATE TABLE commission_runs (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    -- first day of the month the run covers
    period date NOT NULL CHECK (extract(day FROM period) = 1),
    beneficiary_type text NOT NULL CHECK (beneficiary_type IN ('dealer', 'franchisee', 'community_partner')),
    dealer_id uuid REFERENCES dealers (id),
    franchisee_id uuid REFERENCES franchisees (id),
    community_partner_id uuid REFERENCES community_partners (id),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),
    -- the partner's commissionable sales in the run (net invoiced less credited): picks the tier
    volume numeric(18,4) NOT NULL DEFAULT 0,
    earned numeric(18,4) NOT NULL DEFAULT 0 CHECK (earned >= 0),
    clawed_back numeric(18,4) NOT NULL DEFAULT 0 CHECK (clawed_back >= 0),
    net_amount numeric(18,4) NOT NULL DEFAULT 0,
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    journal_entry_id uuid REFERENCES journal_entries (id),
    approved_at timestamptz,
    approved_by uuid REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT commission_runs_partner_period UNIQUE NULLS NOT DISTINCT (dealer_id, franchisee_id, community_partner_id, period),
    CONSTRAINT commission_runs_beneficiary CHECK ((beneficiary_type = 'dealer') = (dealer_id IS NOT NULL)
       AND (beneficiary_type = 'franchisee') = (franchisee_id IS NOT NULL)
       AND (beneficiary_type = 'community_partner') = (community_partner_id IS NOT NULL)),
    CONSTRAINT commission_runs_net CHECK (net_amount = earned - clawed_back),
    CONSTRAINT commission_runs_approved CHECK ((status = 'approved') = (approved_at IS NOT NULL))
);
CREATE INDEX commission_runs_franchisee_id_idx ON commission_runs (franchisee_id);
CREATE INDEX commission_runs_community_partner_id_idx ON commission_runs (community_partner_id);
CREATE INDEX commission_runs_journal_entry_id_idx ON commission_runs (journal_entry_id);
CREATE INDEX commission_runs_approved_by_idx ON commission_runs (approved_by);

-- One document's commission in a run, per product category: 'earned' on an invoice, 'clawback'
-- (negative) for a credit note, or for an invoice cancelled after its commission was approved.
-- A document and category is commissioned once across all runs (the unique key): a rerun adds nothing.
CREATE TABLE commission_run_lines (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    commission_run_id uuid NOT NULL REFERENCES commission_runs (id) ON DELETE CASCADE,
    kind text NOT NULL DEFAULT 'earned' CHECK (kind IN ('earned', 'clawback')),
    order_id uuid NOT NULL REFERENCES orders (id),
    tax_invoice_id uuid NOT NULL REFERENCES tax_invoices (id),
    credit_note_id uuid REFERENCES credit_notes (id),
    category_id uuid REFERENCES categories (id),
    commission_rule_id uuid NOT NULL REFERENCES commission_rules (id),
    base_amount numeric(18,4) NOT NULL,
    rate numeric(7,4) NOT NULL CHECK (rate BETWEEN 0 AND 100),
    amount numeric(18,4) NOT NULL,
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT commission_run_lines_document UNIQUE NULLS NOT DISTINCT (kind, tax_invoice_id, credit_note_id, category_id),
    CONSTRAINT commission_run_lines_sign CHECK (CASE WHEN kind = 'earned'
        THEN base_amount >= 0 AND credit_note_id IS NULL ELSE base_amount <= 0 END),
    -- clawbacks round towards zero, so what is clawed back in parts never exceeds what was earned
    CONSTRAINT commission_run_lines_amount CHECK (amount = CASE WHEN kind = 'earned'
        THEN round(base_amount * rate / 100, 4) ELSE trunc(base_amount * rate / 100, 4) END)
);
CREATE INDEX commission_run_lines_commission_run_id_idx ON commission_run_lines (commission_run_id);
CREATE INDEX commission_run_lines_order_id_idx ON commission_run_lines (order_id);
CREATE INDEX commission_run_lines_tax_invoice_id_idx ON commission_run_lines (tax_invoice_id);
CREATE INDEX commission_run_lines_credit_note_id_idx ON commission_run_lines (credit_note_id);
CREATE INDEX commission_run_lines_category_id_idx ON commission_run_lines (category_id);
CREATE INDEX commission_run_lines_commission_rule_id_idx ON commission_run_lines (commission_rule_id);

-- An approved run is posted and final: neither it nor its lines change or go away (a correction is
-- a clawback in a later run). Tables are named through TG_TABLE_SCHEMA, not search_path.
CREATE FUNCTION commission_runs_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  run_status text;
BEGIN
  IF TG_TABLE_NAME = 'commission_runs' THEN
    IF OLD.status = 'approved' THEN
      RAISE EXCEPTION 'Commission run % is approved and cannot be changed: later corrections are clawbacks in the next run.', OLD.id
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'commission_runs_approved_frozen';
    END IF;
  ELSE
    EXECUTE format('SELECT status FROM %I.commission_runs WHERE id = $1', TG_TABLE_SCHEMA)
      INTO run_status USING CASE WHEN TG_OP = 'INSERT' THEN NEW.commission_run_id ELSE OLD.commission_run_id END;
    IF run_status = 'approved' THEN
      RAISE EXCEPTION 'The lines of an approved commission run cannot be changed: later corrections are clawbacks in the next run.'
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'commission_runs_approved_frozen';
    END IF;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER commission_runs_frozen BEFORE UPDATE OR DELETE ON commission_runs
  FOR EACH ROW EXECUTE FUNCTION commission_runs_guard();
CREATE TRIGGER commission_run_lines_frozen BEFORE INSERT OR UPDATE OR DELETE ON commission_run_lines
  FOR EACH ROW EXECUTE FUNCTION commission_runs_guard();

-- Rules keep what commission lines were computed with: only their status changes. An order's
-- attribution is fixed once commission has been computed on it.
CREATE FUNCTION commission_basis_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  used boolean;
BEGIN
  IF TG_TABLE_NAME = 'commission_rules' THEN
    IF TG_OP = 'DELETE' OR to_jsonb(NEW) - 'status' - 'updated_at' <> to_jsonb(OLD) - 'status' - 'updated_at' THEN
      RAISE EXCEPTION 'A commission rule cannot be changed or deleted, only retired: create a new rule instead.'
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'commission_basis_fixed';
    END IF;
  ELSE
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.commission_run_lines WHERE order_id = $1)', TG_TABLE_SCHEMA)
      INTO used USING OLD.order_id;
    IF used AND (TG_OP = 'DELETE' OR to_jsonb(NEW) - 'updated_at' <> to_jsonb(OLD) - 'updated_at') THEN
      RAISE EXCEPTION 'The order''s attribution cannot change: commission has been computed on it.'
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'commission_basis_fixed';
    END IF;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER commission_rules_fixed BEFORE UPDATE OR DELETE ON commission_rules
  FOR EACH ROW EXECUTE FUNCTION commission_basis_guard();
CREATE TRIGGER order_attributions_fixed BEFORE UPDATE OR DELETE ON order_attributions
  FOR EACH ROW EXECUTE FUNCTION commission_basis_guard();

COMMENT ON CONSTRAINT order_attributions_beneficiary ON order_attributions IS 'Exactly the id matching beneficiary_type must be given (dealer_id, franchisee_id or community_partner_id), and none without beneficiary_type.';
COMMENT ON CONSTRAINT commission_rules_one_partner ON commission_rules IS 'A rule names at most one partner: dealer_id, franchisee_id or community_partner_id.';
COMMENT ON CONSTRAINT commission_runs_period_check ON commission_runs IS 'period must be the first day of a month.';
COMMENT ON CONSTRAINT commission_runs_beneficiary ON commission_runs IS 'Exactly the id matching beneficiary_type must be given: dealer_id, franchisee_id or community_partner_id.';
COMMENT ON CONSTRAINT commission_runs_net ON commission_runs IS 'net_amount must equal earned minus clawed_back.';
COMMENT ON CONSTRAINT commission_runs_approved ON commission_runs IS 'approved_at is set exactly when the run is approved.';
COMMENT ON CONSTRAINT commission_run_lines_sign ON commission_run_lines IS 'An earned line has a base_amount of 0 or more and no credit_note_id; a clawback line has a base_amount of 0 or less.';
COMMENT ON CONSTRAINT commission_run_lines_amount ON commission_run_lines IS 'amount must equal base_amount times rate / 100, rounded to 4 decimals (towards zero for a clawback).';

-- The books gain the commission accounts and their posting purposes; existing tenants get them now.
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
