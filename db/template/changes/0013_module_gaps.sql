-- Module gaps (docs/modules/channels.md, hr.md, service.md): commission payouts against what is
-- payable to each partner (a balance row per partner kept by triggers, a gapless payout series),
-- paying an approved payroll run out once (the payment's entry on the run), and decisions on
-- warranty claims (a state machine, who decided, a reason for a rejection), planned maintenance
-- visits done once, feedback only on a closed request, and shift assignments that never overlap.
-- Expand only: a new table, functions and triggers, nullable columns, wider CHECK lists, and
-- CHECKs that every existing row meets (nothing paid payroll runs or decided claims before).

ALTER TABLE document_series DROP CONSTRAINT document_series_document_type_check;
ALTER TABLE document_series ADD CONSTRAINT document_series_document_type_check
  CHECK (document_type IN ('order', 'shipment', 'invoice', 'credit_note', 'purchase_order', 'goods_receipt', 'vendor_bill', 'payment', 'journal', 'receipt',
      'stock_count', 'stock_transfer', 'debit_note', 'commission_payout'));

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
SELECT set_up_books(current_date);

-- What each partner has earned and been paid in commissions: approved is the sum of the nets of
-- the partner's approved runs (a clawback lowers it), paid the sum of their payouts. Both are kept
-- by triggers (commission_balances_keep), never written by the API. A payout may not take paid
-- above approved: the trigger checks it on the partner's row, under its lock, so of two concurrent
-- payouts of the same open amount the second sees the first. A later clawback may leave approved
-- below paid: the partner then owes the difference, and no payout passes until runs make it up.
CREATE TABLE commission_balances (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    beneficiary_type text NOT NULL CHECK (beneficiary_type IN ('dealer', 'franchisee', 'community_partner')),
    dealer_id uuid REFERENCES dealers (id),
    franchisee_id uuid REFERENCES franchisees (id),
    community_partner_id uuid REFERENCES community_partners (id),
    approved numeric(18,4) NOT NULL DEFAULT 0,
    paid numeric(18,4) NOT NULL DEFAULT 0 CHECK (paid >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT commission_balances_partner UNIQUE NULLS NOT DISTINCT (dealer_id, franchisee_id, community_partner_id),
    CONSTRAINT commission_balances_beneficiary CHECK ((beneficiary_type = 'dealer') = (dealer_id IS NOT NULL)
       AND (beneficiary_type = 'franchisee') = (franchisee_id IS NOT NULL)
       AND (beneficiary_type = 'community_partner') = (community_partner_id IS NOT NULL))
);
CREATE INDEX commission_balances_franchisee_id_idx ON commission_balances (franchisee_id);
CREATE INDEX commission_balances_community_partner_id_idx ON commission_balances (community_partner_id);

-- Approving a run adds its net to the partner's approved total; a payout adds its amount to paid
-- only while paid stays within approved (else it is refused), and is final once written (a
-- correction is a new run's clawback, never an edited payout).
CREATE FUNCTION commission_balances_keep() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  open_amount numeric;
  changed integer;
BEGIN
  -- EXECUTE leaves FOUND alone: the row count says whether the partner's row was there (or within).
  IF TG_TABLE_NAME = 'commission_runs' THEN
    EXECUTE format('UPDATE %I.commission_balances SET approved = approved + $4, updated_at = now()
        WHERE dealer_id IS NOT DISTINCT FROM $1 AND franchisee_id IS NOT DISTINCT FROM $2
          AND community_partner_id IS NOT DISTINCT FROM $3', TG_TABLE_SCHEMA)
      USING NEW.dealer_id, NEW.franchisee_id, NEW.community_partner_id, NEW.net_amount;
    GET DIAGNOSTICS changed = ROW_COUNT;
    IF changed = 0 THEN
      EXECUTE format('INSERT INTO %I.commission_balances (beneficiary_type, dealer_id, franchisee_id, community_partner_id,
          approved, currency) VALUES ($1, $2, $3, $4, $5, $6)', TG_TABLE_SCHEMA)
        USING NEW.beneficiary_type, NEW.dealer_id, NEW.franchisee_id, NEW.community_partner_id, NEW.net_amount, NEW.currency;
    END IF;
    RETURN NEW;
  END IF;
  -- The one change a payout takes: its gapless number and entry, stamped in its posting's statement.
  IF TG_OP = 'UPDATE' AND starts_with(OLD.payout_number, '~') AND OLD.journal_entry_id IS NULL
      AND to_jsonb(NEW) - 'payout_number' - 'journal_entry_id' - 'updated_at'
        = to_jsonb(OLD) - 'payout_number' - 'journal_entry_id' - 'updated_at' THEN
    RETURN NEW;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    RAISE EXCEPTION 'Commission payout % is paid and cannot be changed or deleted.', OLD.payout_number
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'commission_payouts_frozen';
  END IF;
  IF NEW.amount <= 0 OR NEW.status <> 'paid' THEN
    RAISE EXCEPTION 'A commission payout pays an amount above 0 and is recorded as paid.'
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'commission_payouts_within_payable';
  END IF;
  EXECUTE format('UPDATE %I.commission_balances SET paid = paid + $4, updated_at = now()
      WHERE dealer_id IS NOT DISTINCT FROM $1 AND franchisee_id IS NOT DISTINCT FROM $2
        AND community_partner_id IS NOT DISTINCT FROM $3 AND paid + $4 <= approved', TG_TABLE_SCHEMA)
    USING NEW.dealer_id, NEW.franchisee_id, NEW.community_partner_id, NEW.amount;
  GET DIAGNOSTICS changed = ROW_COUNT;
  IF changed = 0 THEN
    EXECUTE format('SELECT approved - paid FROM %I.commission_balances
        WHERE dealer_id IS NOT DISTINCT FROM $1 AND franchisee_id IS NOT DISTINCT FROM $2
          AND community_partner_id IS NOT DISTINCT FROM $3', TG_TABLE_SCHEMA)
      INTO open_amount USING NEW.dealer_id, NEW.franchisee_id, NEW.community_partner_id;
    RAISE EXCEPTION 'The partner has % commission payable: a payout of % exceeds it.', coalesce(open_amount, 0), NEW.amount
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'commission_payouts_within_payable';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER commission_runs_balance AFTER UPDATE OF status ON commission_runs
  FOR EACH ROW WHEN (OLD.status = 'draft' AND NEW.status = 'approved') EXECUTE FUNCTION commission_balances_keep();
CREATE TRIGGER commission_payouts_within_payable BEFORE INSERT OR UPDATE OR DELETE ON commission_payouts
  FOR EACH ROW EXECUTE FUNCTION commission_balances_keep();

-- Partners with approved runs before this change start with their approved total; nothing was paid.
INSERT INTO commission_balances (beneficiary_type, dealer_id, franchisee_id, community_partner_id, approved, currency)
SELECT beneficiary_type, dealer_id, franchisee_id, community_partner_id, sum(net_amount), min(currency)
FROM commission_runs WHERE status = 'approved'
GROUP BY beneficiary_type, dealer_id, franchisee_id, community_partner_id;

ALTER TABLE payroll_runs ADD COLUMN payment_journal_entry_id uuid REFERENCES journal_entries (id);
ALTER TABLE payroll_runs ADD CONSTRAINT payroll_runs_paid_posted
  CHECK (status <> 'paid' OR payment_journal_entry_id IS NOT NULL OR total_net = 0);
CREATE INDEX payroll_runs_payment_journal_entry_id_idx ON payroll_runs (payment_journal_entry_id);
CREATE OR REPLACE FUNCTION payroll_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  run record;
  row_id uuid;
BEGIN
  IF TG_TABLE_NAME = 'payroll_runs' THEN
    IF TG_OP = 'UPDATE' AND NEW.status = 'paid' AND OLD.status NOT IN ('approved', 'paid') THEN
      RAISE EXCEPTION 'Payroll run % is %: only an approved run is paid.', OLD.run_number, OLD.status
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'payroll_runs_paid_when_approved';
    END IF;
    IF OLD.status NOT IN ('approved', 'paid') THEN
      RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status = 'approved' AND NEW.status = 'paid'
        AND to_jsonb(NEW) - 'status' - 'paid_at' - 'pay_date' - 'bank_account_id' - 'payment_journal_entry_id' - 'updated_at'
          = to_jsonb(OLD) - 'status' - 'paid_at' - 'pay_date' - 'bank_account_id' - 'payment_journal_entry_id' - 'updated_at' THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'Payroll run % is %: it cannot be changed or deleted; correct it in the next run.', OLD.run_number, OLD.status
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'payroll_runs_approved_frozen';
  END IF;
  -- A payslip (payroll) names its run; a payslip line (payroll_items) names its payslip.
  FOREACH row_id IN ARRAY CASE TG_OP
      WHEN 'INSERT' THEN ARRAY[to_jsonb(NEW) ->> 'payroll_id', to_jsonb(NEW) ->> 'payroll_run_id']
      WHEN 'DELETE' THEN ARRAY[to_jsonb(OLD) ->> 'payroll_id', to_jsonb(OLD) ->> 'payroll_run_id']
      ELSE ARRAY[to_jsonb(OLD) ->> 'payroll_id', to_jsonb(OLD) ->> 'payroll_run_id', to_jsonb(NEW) ->> 'payroll_id',
        to_jsonb(NEW) ->> 'payroll_run_id'] END::uuid[] LOOP
    CONTINUE WHEN row_id IS NULL;
    EXECUTE format('SELECT r.run_number, r.status FROM %1$I.payroll_runs r
        WHERE r.id = $1 OR r.id = (SELECT p.payroll_run_id FROM %1$I.payroll p WHERE p.id = $1)', TG_TABLE_SCHEMA)
      INTO run USING row_id;
    IF run.status IN ('approved', 'paid') THEN
      RAISE EXCEPTION 'Payroll run % is %: its payslips cannot be changed; correct them in the next run.', run.run_number, run.status
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'payroll_runs_approved_frozen';
    END IF;
  END LOOP;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;

ALTER TABLE warranty_claims ADD COLUMN decided_by uuid REFERENCES users (id);
ALTER TABLE warranty_claims ADD CONSTRAINT warranty_claims_decided
  CHECK ((status IN ('approved', 'rejected', 'settled')) = (decided_at IS NOT NULL));
ALTER TABLE warranty_claims ADD CONSTRAINT warranty_claims_rejection_reason
  CHECK (status <> 'rejected' OR rejection_reason IS NOT NULL);
CREATE INDEX warranty_claims_decided_by_idx ON warranty_claims (decided_by);
-- A claim is decided once: submitted (or under review) → approved or rejected; an approved claim
-- is settled when the maker pays it back. Rejected and settled are final.
CREATE FUNCTION warranty_claims_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT ((OLD.status = 'submitted' AND NEW.status IN ('under_review', 'approved', 'rejected'))
      OR (OLD.status = 'under_review' AND NEW.status IN ('approved', 'rejected'))
      OR (OLD.status = 'approved' AND NEW.status = 'settled')) THEN
    RAISE EXCEPTION 'Warranty claim % cannot go from % to %: a claim is decided once (submitted or under review → approved or rejected; approved → settled).',
      OLD.claim_number, OLD.status, NEW.status
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'warranty_claims_transitions';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER warranty_claims_transition BEFORE UPDATE OF status ON warranty_claims
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION warranty_claims_transition();

-- A planned preventive visit of a contract is done once: planned → scheduled → completed (or
-- missed, or cancelled); completed, missed and cancelled are final. Completing one uses one of the
-- contract's visits (the operation raises visits_used; amc_contracts_visits_within_allowance keeps it
-- within the allowance).
CREATE FUNCTION amc_visits_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT ((OLD.status = 'planned' AND NEW.status IN ('scheduled', 'completed', 'missed', 'cancelled'))
      OR (OLD.status = 'scheduled' AND NEW.status IN ('completed', 'missed', 'cancelled'))) THEN
    RAISE EXCEPTION 'Maintenance visit % of the contract cannot go from % to %: a planned visit is completed, missed or cancelled once.',
      OLD.visit_sequence, OLD.status, NEW.status
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'amc_visits_transitions';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER amc_visits_transition BEFORE UPDATE OF status ON amc_visits
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION amc_visits_transition();

-- Feedback rates a finished job: the request is closed, and the feedback is the request's customer's.
CREATE FUNCTION service_feedback_after_close() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  request record;
BEGIN
  EXECUTE format('SELECT request_number, status, customer_id FROM %I.service_requests WHERE id = $1', TG_TABLE_SCHEMA)
    INTO request USING NEW.service_request_id;
  IF request.status IS DISTINCT FROM 'closed' OR request.customer_id IS DISTINCT FROM NEW.customer_id THEN
    RAISE EXCEPTION 'Service request % is %: feedback is given by its customer once it is closed.', request.request_number, request.status
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'service_feedback_after_close';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER service_feedback_after_close BEFORE INSERT OR UPDATE OF service_request_id, customer_id ON service_feedback
  FOR EACH ROW EXECUTE FUNCTION service_feedback_after_close();

-- Shift assignments carry their hours, so overlapping shifts of an employee are refused.
ALTER TABLE shift_assignments ADD COLUMN starts_at timestamp;
ALTER TABLE shift_assignments ADD COLUMN ends_at timestamp;
ALTER TABLE shift_assignments ADD CONSTRAINT shift_assignments_times CHECK (ends_at > starts_at);
ALTER TABLE shift_assignments ADD CONSTRAINT shift_assignments_no_overlap EXCLUDE USING gist (
    employee_id WITH =, tsrange(starts_at, ends_at) WITH &&
) WHERE (status <> 'cancelled' AND starts_at IS NOT NULL);

COMMENT ON CONSTRAINT commission_balances_beneficiary ON commission_balances IS 'Exactly the id matching beneficiary_type must be given: dealer_id, franchisee_id or community_partner_id.';
COMMENT ON CONSTRAINT payroll_runs_paid_posted ON payroll_runs IS 'A paid payroll run names the entry that paid its net out (payment_journal_entry_id), unless its net is 0.';
COMMENT ON CONSTRAINT warranty_claims_decided ON warranty_claims IS 'decided_at is set exactly when the claim is approved, rejected or settled.';
COMMENT ON CONSTRAINT shift_assignments_no_overlap ON shift_assignments IS 'starts_at to ends_at overlaps another shift of the employee: an employee works one shift at a time.';
