-- 10_hr: human resources.
-- Organisation (departments, positions, employees), time and attendance, leave, payroll,
-- compensation and benefits, performance, training and recruitment.

-- manager_id (-> employees) is added after employees exists, below.
CREATE TABLE departments (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    code text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 50),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    parent_id uuid REFERENCES departments (id),
    -- expense account salaries of this department are booked to
    cost_center_account_id uuid REFERENCES chart_of_accounts (id),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX departments_parent_id_idx ON departments (parent_id);
CREATE INDEX departments_cost_center_account_id_idx ON departments (cost_center_account_id);

-- Job positions (job titles) with their pay band.
CREATE TABLE positions (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    code text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 50),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    department_id uuid REFERENCES departments (id),
    grade text,
    min_salary numeric(18,4) CHECK (min_salary >= 0),
    max_salary numeric(18,4),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    headcount integer NOT NULL DEFAULT 1 CHECK (headcount >= 0),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'frozen', 'retired')),
    description text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (max_salary IS NULL OR min_salary IS NULL OR max_salary >= min_salary)
);
CREATE INDEX positions_department_id_idx ON positions (department_id);

CREATE TABLE employees (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    employee_number text NOT NULL UNIQUE CHECK (length(employee_number) BETWEEN 1 AND 50),
    user_id uuid UNIQUE REFERENCES users (id),
    first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    last_name text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
    email text NOT NULL UNIQUE CHECK (email LIKE '%_@_%'),
    phone text,
    date_of_birth date,
    gender text CHECK (gender IN ('female', 'male', 'other', 'undisclosed')),
    hire_date date NOT NULL,
    termination_date date,
    department_id uuid NOT NULL REFERENCES departments (id),
    position_id uuid REFERENCES positions (id),
    manager_id uuid REFERENCES employees (id),
    -- site the employee works at, if a warehouse or store
    work_location_warehouse_id uuid REFERENCES warehouses (id),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'on_leave', 'terminated')),
    employment_type text NOT NULL DEFAULT 'full_time'
        CHECK (employment_type IN ('full_time', 'part_time', 'contract', 'temporary', 'intern')),
    attributes jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (termination_date IS NULL OR termination_date >= hire_date),
    CHECK (status <> 'terminated' OR termination_date IS NOT NULL),
    CHECK (date_of_birth IS NULL OR date_of_birth < hire_date),
    CHECK (manager_id IS NULL OR manager_id <> id)
);
CREATE INDEX employees_department_id_idx ON employees (department_id);
CREATE INDEX employees_position_id_idx ON employees (position_id);
CREATE INDEX employees_manager_id_idx ON employees (manager_id);
CREATE INDEX employees_work_location_warehouse_id_idx ON employees (work_location_warehouse_id);

ALTER TABLE departments ADD COLUMN manager_id uuid REFERENCES employees (id);
CREATE INDEX departments_manager_id_idx ON departments (manager_id);

CREATE TABLE employee_addresses (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    employee_id uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    kind text NOT NULL DEFAULT 'home' CHECK (kind IN ('home', 'mailing', 'temporary')),
    line1 text NOT NULL CHECK (length(line1) BETWEEN 1 AND 200),
    line2 text,
    city text NOT NULL,
    region text,
    postal_code text,
    country_code char(2) NOT NULL CHECK (country_code ~ '^[A-Z]{2}$'),
    is_primary boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX employee_addresses_employee_id_idx ON employee_addresses (employee_id);

CREATE TABLE emergency_contacts (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    employee_id uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    relationship text NOT NULL,
    phone text NOT NULL,
    email text CHECK (email LIKE '%_@_%'),
    is_primary boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX emergency_contacts_employee_id_idx ON emergency_contacts (employee_id);

-- Identity papers, contracts, certificates; the file itself is a media asset.
CREATE TABLE employee_documents (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    employee_id uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    kind text NOT NULL DEFAULT 'other'
        CHECK (kind IN ('other', 'id_card', 'passport', 'visa', 'contract', 'certificate', 'tax_form')),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    document_number text,
    media_asset_id uuid REFERENCES media_assets (id),
    issued_on date,
    expires_on date,
    verified_at timestamptz,
    verified_by_employee_id uuid REFERENCES employees (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (expires_on IS NULL OR issued_on IS NULL OR expires_on >= issued_on)
);
CREATE INDEX employee_documents_employee_id_idx ON employee_documents (employee_id);
CREATE INDEX employee_documents_media_asset_id_idx ON employee_documents (media_asset_id);
CREATE INDEX employee_documents_verified_by_employee_id_idx ON employee_documents (verified_by_employee_id);

-- Work shifts; a night shift ends the next day (crosses_midnight).
CREATE TABLE shifts (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    code text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 50),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    start_time time NOT NULL,
    end_time time NOT NULL,
    crosses_midnight boolean NOT NULL DEFAULT false,
    break_minutes integer NOT NULL DEFAULT 0 CHECK (break_minutes >= 0),
    warehouse_id uuid REFERENCES warehouses (id),
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (crosses_midnight OR end_time > start_time)
);
CREATE INDEX shifts_warehouse_id_idx ON shifts (warehouse_id);

-- Roster: which shift an employee works on a given day.
CREATE TABLE shift_assignments (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    employee_id uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    shift_id uuid NOT NULL REFERENCES shifts (id),
    work_date date NOT NULL,
    status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'swapped', 'cancelled')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- the shift's hours on work_date (local time; the next day for a shift crossing midnight),
    -- copied from the shift when assigned, so that overlaps are refused by the database
    starts_at timestamp,
    ends_at timestamp,
    UNIQUE (employee_id, work_date),
    CONSTRAINT shift_assignments_times CHECK (ends_at > starts_at)
);
CREATE INDEX shift_assignments_shift_id_idx ON shift_assignments (shift_id);

CREATE TABLE attendance (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    employee_id uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    work_date date NOT NULL,
    shift_id uuid REFERENCES shifts (id),
    check_in timestamptz,
    check_out timestamptz,
    status text NOT NULL DEFAULT 'present' CHECK (status IN ('present', 'absent', 'late', 'remote')),
    source text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'biometric', 'mobile', 'web')),
    notes text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (employee_id, work_date),
    CHECK (check_out IS NULL OR check_in IS NULL OR check_out >= check_in),
    CHECK (status <> 'absent' OR check_in IS NULL)
);
CREATE INDEX attendance_shift_id_idx ON attendance (shift_id);

-- Public holidays; country_code NULL applies company-wide.
CREATE TABLE holidays (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    holiday_date date NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    country_code char(2) CHECK (country_code ~ '^[A-Z]{2}$'),
    is_optional boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE NULLS NOT DISTINCT (holiday_date, country_code)
);

CREATE TABLE leave_types (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    code text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 50),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    days_per_year numeric(6,2) NOT NULL DEFAULT 0 CHECK (days_per_year >= 0),
    max_carry_forward numeric(6,2) NOT NULL DEFAULT 0 CHECK (max_carry_forward >= 0),
    is_paid boolean NOT NULL DEFAULT true,
    requires_approval boolean NOT NULL DEFAULT true,
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Yearly leave entitlement per employee and type; taken may not exceed entitled + carried forward.
CREATE TABLE leave_balances (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    employee_id uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    leave_type_id uuid NOT NULL REFERENCES leave_types (id),
    year integer NOT NULL CHECK (year BETWEEN 1900 AND 9999),
    entitled numeric(6,2) NOT NULL DEFAULT 0 CHECK (entitled >= 0),
    carried_forward numeric(6,2) NOT NULL DEFAULT 0 CHECK (carried_forward >= 0),
    taken numeric(6,2) NOT NULL DEFAULT 0 CHECK (taken >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (employee_id, leave_type_id, year),
    CHECK (taken <= entitled + carried_forward)
);
CREATE INDEX leave_balances_leave_type_id_idx ON leave_balances (leave_type_id);

CREATE TABLE leaves (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    employee_id uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    leave_type_id uuid NOT NULL REFERENCES leave_types (id),
    start_date date NOT NULL,
    end_date date NOT NULL,
    days numeric(6,2) NOT NULL CHECK (days > 0),
    status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'rejected', 'cancelled')),
    reason text,
    requested_at timestamptz NOT NULL DEFAULT now(),
    approved_by uuid REFERENCES employees (id),
    decided_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (end_date >= start_date),
    CHECK (approved_by IS NULL OR approved_by <> employee_id),
    CHECK (status <> 'approved' OR approved_by IS NOT NULL)
);
CREATE INDEX leaves_employee_id_idx ON leaves (employee_id);
CREATE INDEX leaves_leave_type_id_idx ON leaves (leave_type_id);
CREATE INDEX leaves_approved_by_idx ON leaves (approved_by);

-- Pay elements (basic, allowances, tax, social security...) used by structures and payslips.
CREATE TABLE salary_components (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    code text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 50),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind text NOT NULL DEFAULT 'earning' CHECK (kind IN ('earning', 'deduction')),
    calculation text NOT NULL DEFAULT 'fixed' CHECK (calculation IN ('fixed', 'percent_of_base', 'formula')),
    is_taxable boolean NOT NULL DEFAULT true,
    -- GL account the component posts to
    account_id uuid REFERENCES chart_of_accounts (id),
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX salary_components_account_id_idx ON salary_components (account_id);

CREATE TABLE salary_structures (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    code text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 50),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    pay_frequency text NOT NULL DEFAULT 'monthly'
        CHECK (pay_frequency IN ('monthly', 'semi_monthly', 'biweekly', 'weekly')),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Components of a structure: a fixed amount or a percentage of base salary.
CREATE TABLE salary_structure_components (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    salary_structure_id uuid NOT NULL REFERENCES salary_structures (id) ON DELETE CASCADE,
    salary_component_id uuid NOT NULL REFERENCES salary_components (id),
    amount numeric(18,4) CHECK (amount >= 0),
    percent numeric(7,4) CHECK (percent BETWEEN 0 AND 100),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    sort_order integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (salary_structure_id, salary_component_id),
    CHECK (amount IS NOT NULL OR percent IS NOT NULL)
);
CREATE INDEX salary_structure_components_salary_component_id_idx
    ON salary_structure_components (salary_component_id);

-- Salary history: an employee's base pay and structure from effective_from on.
CREATE TABLE employee_salaries (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    employee_id uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    salary_structure_id uuid REFERENCES salary_structures (id),
    base_salary numeric(18,4) NOT NULL CHECK (base_salary >= 0),
    pay_frequency text NOT NULL DEFAULT 'monthly'
        CHECK (pay_frequency IN ('monthly', 'semi_monthly', 'biweekly', 'weekly', 'hourly')),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    effective_from date NOT NULL,
    effective_to date,
    change_reason text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (employee_id, effective_from),
    CHECK (effective_to IS NULL OR effective_to >= effective_from)
);
CREATE INDEX employee_salaries_salary_structure_id_idx ON employee_salaries (salary_structure_id);

CREATE TABLE payroll_runs (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    run_number text NOT NULL UNIQUE CHECK (length(run_number) BETWEEN 1 AND 50),
    period_start date NOT NULL,
    period_end date NOT NULL,
    pay_date date,
    status text NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'processing', 'approved', 'paid', 'cancelled')),
    total_gross numeric(18,4) NOT NULL DEFAULT 0 CHECK (total_gross >= 0),
    total_net numeric(18,4) NOT NULL DEFAULT 0,
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    fiscal_period_id uuid REFERENCES fiscal_periods (id),
    bank_account_id uuid REFERENCES bank_accounts (id),
    journal_entry_id uuid REFERENCES journal_entries (id),
    approved_by uuid REFERENCES employees (id),
    paid_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- the entry that paid the net out (Dr salaries payable / Cr bank), when the run is paid
    payment_journal_entry_id uuid REFERENCES journal_entries (id),
    CHECK (period_end >= period_start),
    CHECK (pay_date IS NULL OR pay_date >= period_start),
    CHECK (status <> 'paid' OR paid_at IS NOT NULL),
    CONSTRAINT payroll_runs_paid_posted CHECK (status <> 'paid' OR payment_journal_entry_id IS NOT NULL OR total_net = 0)
);
CREATE INDEX payroll_runs_fiscal_period_id_idx ON payroll_runs (fiscal_period_id);
CREATE INDEX payroll_runs_bank_account_id_idx ON payroll_runs (bank_account_id);
CREATE INDEX payroll_runs_journal_entry_id_idx ON payroll_runs (journal_entry_id);
CREATE INDEX payroll_runs_approved_by_idx ON payroll_runs (approved_by);
CREATE INDEX payroll_runs_payment_journal_entry_id_idx ON payroll_runs (payment_journal_entry_id);

-- One payslip: an employee's pay in a payroll run.
CREATE TABLE payroll (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    payroll_run_id uuid NOT NULL REFERENCES payroll_runs (id) ON DELETE CASCADE,
    employee_id uuid NOT NULL REFERENCES employees (id),
    employee_salary_id uuid REFERENCES employee_salaries (id),
    worked_days numeric(6,2) CHECK (worked_days >= 0),
    gross_pay numeric(18,4) NOT NULL DEFAULT 0 CHECK (gross_pay >= 0),
    deductions numeric(18,4) NOT NULL DEFAULT 0 CHECK (deductions >= 0),
    net_pay numeric(18,4) NOT NULL DEFAULT 0,
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'held')),
    payment_reference text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (payroll_run_id, employee_id),
    CHECK (net_pay = gross_pay - deductions)
);
CREATE INDEX payroll_employee_id_idx ON payroll (employee_id);
CREATE INDEX payroll_employee_salary_id_idx ON payroll (employee_salary_id);

-- Earning and deduction lines of a payslip.
CREATE TABLE payroll_items (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    payroll_id uuid NOT NULL REFERENCES payroll (id) ON DELETE CASCADE,
    salary_component_id uuid REFERENCES salary_components (id),
    kind text NOT NULL DEFAULT 'earning' CHECK (kind IN ('earning', 'deduction')),
    description text NOT NULL CHECK (length(description) BETWEEN 1 AND 200),
    quantity numeric(18,4) CHECK (quantity >= 0),
    rate numeric(18,4) CHECK (rate >= 0),
    amount numeric(18,4) NOT NULL CHECK (amount >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payroll_items_payroll_id_idx ON payroll_items (payroll_id);
CREATE INDEX payroll_items_salary_component_id_idx ON payroll_items (salary_component_id);

CREATE TABLE benefits (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    code text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 50),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind text NOT NULL DEFAULT 'health'
        CHECK (kind IN ('health', 'dental', 'vision', 'life', 'retirement', 'allowance', 'other')),
    -- insurer or provider
    vendor_id uuid REFERENCES vendors (id),
    employer_contribution numeric(18,4) NOT NULL DEFAULT 0 CHECK (employer_contribution >= 0),
    employee_contribution numeric(18,4) NOT NULL DEFAULT 0 CHECK (employee_contribution >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
    description text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX benefits_vendor_id_idx ON benefits (vendor_id);

CREATE TABLE employee_benefits (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    employee_id uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    benefit_id uuid NOT NULL REFERENCES benefits (id),
    coverage_level text NOT NULL DEFAULT 'employee'
        CHECK (coverage_level IN ('employee', 'employee_spouse', 'employee_children', 'family')),
    employer_contribution numeric(18,4) NOT NULL DEFAULT 0 CHECK (employer_contribution >= 0),
    employee_contribution numeric(18,4) NOT NULL DEFAULT 0 CHECK (employee_contribution >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    enrolled_on date NOT NULL,
    ends_on date,
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'pending', 'ended', 'cancelled')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (employee_id, benefit_id, enrolled_on),
    CHECK (ends_on IS NULL OR ends_on >= enrolled_on)
);
CREATE INDEX employee_benefits_benefit_id_idx ON employee_benefits (benefit_id);

-- Appraisal cycles (e.g. annual 2025, H1 2026).
CREATE TABLE review_cycles (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    code text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 50),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    period_start date NOT NULL,
    period_end date NOT NULL,
    status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'open', 'closed')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (period_end > period_start)
);

CREATE TABLE performance_reviews (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    employee_id uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    reviewer_id uuid REFERENCES employees (id),
    review_cycle_id uuid REFERENCES review_cycles (id),
    period_start date NOT NULL,
    period_end date NOT NULL,
    status text NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'self_review', 'manager_review', 'completed', 'acknowledged')),
    overall_rating smallint CHECK (overall_rating BETWEEN 1 AND 5),
    strengths text,
    improvements text,
    completed_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (employee_id, review_cycle_id),
    CHECK (period_end > period_start),
    CHECK (reviewer_id IS NULL OR reviewer_id <> employee_id),
    CHECK (status NOT IN ('completed', 'acknowledged') OR overall_rating IS NOT NULL)
);
CREATE INDEX performance_reviews_reviewer_id_idx ON performance_reviews (reviewer_id);
CREATE INDEX performance_reviews_review_cycle_id_idx ON performance_reviews (review_cycle_id);

CREATE TABLE goals (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    employee_id uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    performance_review_id uuid REFERENCES performance_reviews (id),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description text,
    weight numeric(7,4) CHECK (weight BETWEEN 0 AND 100),
    progress numeric(7,4) NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    status text NOT NULL DEFAULT 'not_started'
        CHECK (status IN ('not_started', 'in_progress', 'achieved', 'missed', 'cancelled')),
    start_date date,
    due_date date,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (due_date IS NULL OR start_date IS NULL OR due_date >= start_date)
);
CREATE INDEX goals_employee_id_idx ON goals (employee_id);
CREATE INDEX goals_performance_review_id_idx ON goals (performance_review_id);

CREATE TABLE trainings (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    code text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 50),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description text,
    provider text,
    delivery_mode text NOT NULL DEFAULT 'classroom'
        CHECK (delivery_mode IN ('classroom', 'online', 'on_the_job', 'blended')),
    starts_at timestamptz,
    ends_at timestamptz,
    capacity integer CHECK (capacity > 0),
    cost numeric(18,4) NOT NULL DEFAULT 0 CHECK (cost >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    status text NOT NULL DEFAULT 'planned'
        CHECK (status IN ('planned', 'open', 'in_progress', 'completed', 'cancelled')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at >= starts_at)
);

CREATE TABLE training_enrollments (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    training_id uuid NOT NULL REFERENCES trainings (id) ON DELETE CASCADE,
    employee_id uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    status text NOT NULL DEFAULT 'enrolled'
        CHECK (status IN ('enrolled', 'attended', 'completed', 'no_show', 'cancelled')),
    enrolled_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    score numeric(7,4) CHECK (score BETWEEN 0 AND 100),
    certificate_media_asset_id uuid REFERENCES media_assets (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (training_id, employee_id),
    CHECK (completed_at IS NULL OR completed_at >= enrolled_at)
);
CREATE INDEX training_enrollments_employee_id_idx ON training_enrollments (employee_id);
CREATE INDEX training_enrollments_certificate_media_asset_id_idx
    ON training_enrollments (certificate_media_asset_id);

CREATE TABLE job_openings (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    opening_number text NOT NULL UNIQUE CHECK (length(opening_number) BETWEEN 1 AND 50),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    department_id uuid NOT NULL REFERENCES departments (id),
    position_id uuid REFERENCES positions (id),
    hiring_manager_id uuid REFERENCES employees (id),
    employment_type text NOT NULL DEFAULT 'full_time'
        CHECK (employment_type IN ('full_time', 'part_time', 'contract', 'temporary', 'intern')),
    openings_count integer NOT NULL DEFAULT 1 CHECK (openings_count > 0),
    location text,
    salary_min numeric(18,4) CHECK (salary_min >= 0),
    salary_max numeric(18,4),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    status text NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'open', 'on_hold', 'filled', 'closed', 'cancelled')),
    opened_on date,
    closes_on date,
    description text,
    -- public careers page for the opening
    cms_page_id uuid REFERENCES cms_pages (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (salary_max IS NULL OR salary_min IS NULL OR salary_max >= salary_min),
    CHECK (closes_on IS NULL OR opened_on IS NULL OR closes_on >= opened_on)
);
CREATE INDEX job_openings_department_id_idx ON job_openings (department_id);
CREATE INDEX job_openings_position_id_idx ON job_openings (position_id);
CREATE INDEX job_openings_hiring_manager_id_idx ON job_openings (hiring_manager_id);
CREATE INDEX job_openings_cms_page_id_idx ON job_openings (cms_page_id);

CREATE TABLE job_applicants (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    job_opening_id uuid NOT NULL REFERENCES job_openings (id),
    first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    last_name text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
    email text NOT NULL CHECK (email LIKE '%_@_%'),
    phone text,
    source text NOT NULL DEFAULT 'careers_site'
        CHECK (source IN ('careers_site', 'job_board', 'referral', 'agency', 'internal', 'other')),
    referred_by_employee_id uuid REFERENCES employees (id),
    resume_media_asset_id uuid REFERENCES media_assets (id),
    status text NOT NULL DEFAULT 'applied'
        CHECK (status IN ('applied', 'screening', 'interviewing', 'offered', 'hired', 'rejected', 'withdrawn')),
    applied_at timestamptz NOT NULL DEFAULT now(),
    -- the employee record created on hire
    hired_employee_id uuid UNIQUE REFERENCES employees (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (job_opening_id, email),
    CHECK (status <> 'hired' OR hired_employee_id IS NOT NULL)
);
CREATE INDEX job_applicants_referred_by_employee_id_idx ON job_applicants (referred_by_employee_id);
CREATE INDEX job_applicants_resume_media_asset_id_idx ON job_applicants (resume_media_asset_id);

CREATE TABLE interviews (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    job_applicant_id uuid NOT NULL REFERENCES job_applicants (id) ON DELETE CASCADE,
    interviewer_id uuid NOT NULL REFERENCES employees (id),
    round integer NOT NULL DEFAULT 1 CHECK (round > 0),
    mode text NOT NULL DEFAULT 'onsite' CHECK (mode IN ('onsite', 'phone', 'video')),
    scheduled_at timestamptz NOT NULL,
    duration_minutes integer NOT NULL DEFAULT 60 CHECK (duration_minutes > 0),
    status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'completed', 'cancelled', 'no_show')),
    rating smallint CHECK (rating BETWEEN 1 AND 5),
    recommendation text CHECK (recommendation IN ('strong_hire', 'hire', 'no_hire', 'strong_no_hire')),
    feedback text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX interviews_job_applicant_id_idx ON interviews (job_applicant_id);
CREATE INDEX interviews_interviewer_id_idx ON interviews (interviewer_id);
CREATE INDEX interviews_scheduled_at_idx ON interviews (scheduled_at);

-- Sentences for the rules above whose definition does not read as one; the API answers a
-- violation with them (every other rule's sentence is derived from its definition by `pnpm db:types`).
COMMENT ON CONSTRAINT shifts_check ON shifts IS 'end_time must be after start_time, unless the shift crosses midnight.';

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

-- An employee works one shift at a time: assignments that are not cancelled never overlap, a
-- night shift crossing midnight included.
ALTER TABLE shift_assignments ADD CONSTRAINT shift_assignments_no_overlap EXCLUDE USING gist (
    employee_id WITH =, tsrange(starts_at, ends_at) WITH &&
) WHERE (status <> 'cancelled' AND starts_at IS NOT NULL);

-- One payroll run per period: periods of runs that are not cancelled never overlap, so running
-- the same month twice is refused.
ALTER TABLE payroll_runs ADD CONSTRAINT payroll_runs_one_per_period
  EXCLUDE USING gist (daterange(period_start, period_end, '[]') WITH &&)
  WHERE (status <> 'cancelled');

-- An approved run is posted and frozen with its payslips and their lines: the only change it
-- accepts is approved -> paid (with paid_at, the pay date, the bank account and the payment's
-- entry), once. Only an approved run is paid. Corrections go into the next run.
CREATE FUNCTION payroll_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
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
COMMENT ON CONSTRAINT payroll_runs_paid_posted ON payroll_runs IS 'A paid payroll run names the entry that paid its net out (payment_journal_entry_id), unless its net is 0.';
COMMENT ON CONSTRAINT shift_assignments_no_overlap ON shift_assignments IS 'starts_at to ends_at overlaps another shift of the employee: an employee works one shift at a time.';
