-- Template version 4: HR workflows (docs/modules/hr.md): no cycles in departments and managers,
-- no overlapping attendance or approved leave, leave accruals and balances kept by the database,
-- one payroll run per period, approved runs frozen, and the accounts payroll posts to.
-- Expand only: a new table, new rules on tables the API did not write through workflows before,
-- a wider CHECK list, new accounts. Needs btree_gist (control-plane migration 0005).

-- Running and approving payroll and reading everyone's payslips is a right of its own (hr.payroll);
-- tenants that existed before get it for their admin and manager roles.
ALTER TABLE permissions DROP CONSTRAINT permissions_action_check;
ALTER TABLE permissions ADD CONSTRAINT permissions_action_check
  CHECK (action IN ('read', 'write', 'admin', 'close', 'override', 'payroll'));
INSERT INTO permissions (key, module, action) VALUES ('hr.payroll', 'hr', 'payroll') ON CONFLICT (key) DO NOTHING;
INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id FROM roles r CROSS JOIN permissions p
WHERE r.key IN ('admin', 'manager') AND p.key = 'hr.payroll'
ON CONFLICT DO NOTHING;

ALTER TABLE posting_accounts DROP CONSTRAINT posting_accounts_purpose_check;
ALTER TABLE posting_accounts ADD CONSTRAINT posting_accounts_purpose_check
  CHECK (purpose IN ('bank', 'receivable', 'inventory', 'tax_receivable', 'payable',
    'goods_received_not_invoiced', 'tax_payable', 'opening_equity', 'revenue', 'shipping_income',
    'cost_of_goods_sold', 'inventory_adjustment', 'salary_expense', 'payroll_deductions_payable', 'salaries_payable'));

-- The payroll accounts (2300, 2310) and purposes for new and existing tenants.
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
    ('salary_expense', '6100'), ('payroll_deductions_payable', '2300'), ('salaries_payable', '2310')
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
SELECT set_up_books(current_date);

-- Workflow rules (template version 4; docs/modules/hr.md). The functions name their tables
-- through TG_TABLE_SCHEMA, not search_path, like the books' rules (05_finance), since the warm
-- pool renames schemas after they are built.

-- Departments form a tree and managers a hierarchy: a parent (manager) chain never leads back to
-- the row itself. Changes to either chain take a per-tenant lock first, so two concurrent moves
-- cannot close a loop that each alone would not.
CREATE FUNCTION hr_no_cycle() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  -- One function for both tables: their columns are read by name through jsonb.
  parent_column text := CASE TG_TABLE_NAME WHEN 'departments' THEN 'parent_id' ELSE 'manager_id' END;
  parent uuid := (to_jsonb(NEW) ->> parent_column)::uuid;
  loops boolean;
BEGIN
  IF parent IS NULL THEN
    RETURN NEW;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext(TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME || '.tree'));
  EXECUTE format('WITH RECURSIVE up(id, parent) AS (
        SELECT id, %2$I FROM %1$I.%3$I WHERE id = $1
        UNION SELECT t.id, t.%2$I FROM %1$I.%3$I t JOIN up ON t.id = up.parent)
      SELECT EXISTS (SELECT 1 FROM up WHERE id = $2)', TG_TABLE_SCHEMA, parent_column, TG_TABLE_NAME)
    INTO loops USING parent, NEW.id;
  IF loops THEN
    IF TG_TABLE_NAME = 'departments' THEN
      RAISE EXCEPTION 'parent_id: department % cannot sit below a department that is itself below it (departments form a tree).', to_jsonb(NEW) ->> 'code'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'departments_no_cycle';
    END IF;
    RAISE EXCEPTION 'manager_id: employee % cannot report to someone who reports to them (managers form a hierarchy).', to_jsonb(NEW) ->> 'employee_number'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'employees_no_manager_cycle';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER departments_no_cycle BEFORE UPDATE OF parent_id ON departments
  FOR EACH ROW EXECUTE FUNCTION hr_no_cycle();
CREATE TRIGGER employees_no_manager_cycle BEFORE UPDATE OF manager_id ON employees
  FOR EACH ROW EXECUTE FUNCTION hr_no_cycle();

-- An employee is never in two places at once: attended times (check-in to check-out) of one
-- employee never overlap, night shifts that cross midnight included.
ALTER TABLE attendance ADD CONSTRAINT attendance_no_overlap
  EXCLUDE USING gist (employee_id WITH =, tstzrange(check_in, check_out) WITH &&)
  WHERE (check_in IS NOT NULL AND check_out IS NOT NULL);

-- Leave entitlement is earned by accruals; a balance's entitled is the sum of its accruals.
CREATE TABLE leave_accruals (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    employee_id uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    leave_type_id uuid NOT NULL REFERENCES leave_types (id),
    year integer NOT NULL CHECK (year BETWEEN 1900 AND 9999),
    days numeric(6,2) NOT NULL CHECK (days > 0),
    accrued_on date NOT NULL,
    reason text CHECK (length(reason) <= 200),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX leave_accruals_employee_id_idx ON leave_accruals (employee_id, leave_type_id, year);
CREATE INDEX leave_accruals_leave_type_id_idx ON leave_accruals (leave_type_id);

-- Balances that existed before accruals did: their entitlement becomes one opening accrual, so
-- entitled = Σ accruals holds for them too.
INSERT INTO leave_accruals (employee_id, leave_type_id, year, days, accrued_on, reason)
SELECT employee_id, leave_type_id, year, entitled, created_at::date, 'Opening entitlement'
FROM leave_balances WHERE entitled > 0;

-- A leave lies in one calendar year, whose balance it draws on; approved leaves of one employee
-- never overlap.
ALTER TABLE leaves ADD CONSTRAINT leaves_one_year CHECK (date_part('year', start_date) = date_part('year', end_date));
ALTER TABLE leaves ADD CONSTRAINT leaves_approved_no_overlap
  EXCLUDE USING gist (employee_id WITH =, daterange(start_date, end_date, '[]') WITH &&)
  WHERE (status = 'approved');

-- An approved paid leave draws its days on the employee's balance of its type and year (taken);
-- leaving 'approved' (a cancellation) gives them back. The balance's CHECK (taken <= entitled +
-- carried_forward) refuses an approval beyond what is left. Unpaid leave types draw on no balance
-- (they cut pay instead).
CREATE FUNCTION leaves_take_balance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  leave record;
  change numeric;
  paid boolean;
  updated integer;
BEGIN
  FOR leave IN
    SELECT OLD.employee_id, OLD.leave_type_id, OLD.start_date, -OLD.days AS days WHERE TG_OP = 'UPDATE' AND OLD.status = 'approved'
    UNION ALL
    SELECT NEW.employee_id, NEW.leave_type_id, NEW.start_date, NEW.days WHERE NEW.status = 'approved'
  LOOP
    EXECUTE format('SELECT is_paid FROM %I.leave_types WHERE id = $1', TG_TABLE_SCHEMA) INTO paid USING leave.leave_type_id;
    CONTINUE WHEN NOT paid;
    change := leave.days;
    EXECUTE format('UPDATE %I.leave_balances SET taken = taken + $1, updated_at = now()
        WHERE employee_id = $2 AND leave_type_id = $3 AND year = $4', TG_TABLE_SCHEMA)
      USING change, leave.employee_id, leave.leave_type_id, date_part('year', leave.start_date)::integer;
    GET DIAGNOSTICS updated = ROW_COUNT;
    IF updated = 0 THEN
      RAISE EXCEPTION 'The employee has no balance of this leave type for %: accrue leave before approving it.',
        date_part('year', leave.start_date)
        USING ERRCODE = 'check_violation', CONSTRAINT = 'leaves_within_balance';
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;
CREATE TRIGGER leaves_take_balance AFTER INSERT OR UPDATE OF status, days, start_date, employee_id, leave_type_id ON leaves
  FOR EACH ROW EXECUTE FUNCTION leaves_take_balance();

-- One payroll run per period: periods of runs that are not cancelled never overlap, so running
-- the same month twice is refused.
ALTER TABLE payroll_runs ADD CONSTRAINT payroll_runs_one_per_period
  EXCLUDE USING gist (daterange(period_start, period_end, '[]') WITH &&)
  WHERE (status <> 'cancelled');

-- An approved run is posted and frozen with its payslips and their lines: the only change it
-- accepts is approved -> paid (with paid_at). Corrections go into the next run.
CREATE FUNCTION payroll_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  run record;
  row_id uuid;
BEGIN
  IF TG_TABLE_NAME = 'payroll_runs' THEN
    IF OLD.status NOT IN ('approved', 'paid') THEN
      RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status = 'approved' AND NEW.status = 'paid'
        AND to_jsonb(NEW) - 'status' - 'paid_at' - 'updated_at' = to_jsonb(OLD) - 'status' - 'paid_at' - 'updated_at' THEN
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
CREATE TRIGGER payroll_runs_frozen BEFORE UPDATE OR DELETE ON payroll_runs
  FOR EACH ROW EXECUTE FUNCTION payroll_frozen();
CREATE TRIGGER payroll_frozen BEFORE INSERT OR UPDATE OR DELETE ON payroll
  FOR EACH ROW EXECUTE FUNCTION payroll_frozen();
CREATE TRIGGER payroll_items_frozen BEFORE INSERT OR UPDATE OR DELETE ON payroll_items
  FOR EACH ROW EXECUTE FUNCTION payroll_frozen();

COMMENT ON CONSTRAINT attendance_no_overlap ON attendance IS 'check_in to check_out overlaps another attendance of the employee: an employee cannot attend two shifts at once.';
COMMENT ON CONSTRAINT leaves_one_year ON leaves IS 'start_date and end_date must lie in the same calendar year: split a leave at the turn of the year.';
COMMENT ON CONSTRAINT leaves_approved_no_overlap ON leaves IS 'start_date to end_date overlaps another approved leave of the employee.';
COMMENT ON CONSTRAINT payroll_runs_one_per_period ON payroll_runs IS 'period_start to period_end overlaps another payroll run that is not cancelled: a period is paid once.';
COMMENT ON CONSTRAINT leave_balances_check ON leave_balances IS 'taken may not exceed entitled plus carried_forward: a leave balance never goes negative.';
