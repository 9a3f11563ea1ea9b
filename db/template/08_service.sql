-- 08_service: after-sales service.
-- Service requests and field visits by technicians, annual maintenance contracts (AMC),
-- warranties and warranty claims, SLAs, customer feedback and service billing.

CREATE TABLE service_categories (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    code text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 50),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    parent_id uuid REFERENCES service_categories (id),
    description text,
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX service_categories_parent_id_idx ON service_categories (parent_id);

-- Response and resolution targets, per priority and optionally per service category.
CREATE TABLE sla_policies (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    code text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 50),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    service_category_id uuid REFERENCES service_categories (id),
    priority text NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
    response_minutes integer NOT NULL CHECK (response_minutes > 0),
    resolution_minutes integer NOT NULL,
    business_hours_only boolean NOT NULL DEFAULT true,
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (resolution_minutes >= response_minutes)
);
CREATE INDEX sla_policies_service_category_id_idx ON sla_policies (service_category_id);

-- Field technicians. Not linked to hr.employees (10_hr comes later); user_id links a login.
CREATE TABLE technicians (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    technician_code text NOT NULL UNIQUE CHECK (length(technician_code) BETWEEN 1 AND 50),
    user_id uuid UNIQUE REFERENCES users (id),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email text UNIQUE CHECK (email LIKE '%_@_%'),
    phone text,
    skills text[] NOT NULL DEFAULT '{}',
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'on_leave', 'inactive')),
    hourly_rate numeric(18,4) NOT NULL DEFAULT 0 CHECK (hourly_rate >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    -- van or depot stock the technician draws parts from
    home_warehouse_id uuid REFERENCES warehouses (id),
    attributes jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX technicians_home_warehouse_id_idx ON technicians (home_warehouse_id);

CREATE TABLE technician_skills (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    technician_id uuid NOT NULL REFERENCES technicians (id) ON DELETE CASCADE,
    skill text NOT NULL CHECK (length(skill) BETWEEN 1 AND 100),
    service_category_id uuid REFERENCES service_categories (id),
    level text NOT NULL DEFAULT 'basic' CHECK (level IN ('basic', 'intermediate', 'expert')),
    certified_on date,
    certified_until date,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (technician_id, skill),
    CHECK (certified_until IS NULL OR certified_on IS NULL OR certified_until >= certified_on)
);
CREATE INDEX technician_skills_service_category_id_idx ON technician_skills (service_category_id);

-- Annual maintenance contracts: paid coverage with a number of included visits.
CREATE TABLE amc_contracts (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    contract_number text NOT NULL UNIQUE CHECK (length(contract_number) BETWEEN 1 AND 50),
    customer_id uuid NOT NULL REFERENCES customers (id),
    customer_address_id uuid REFERENCES customer_addresses (id),
    sla_policy_id uuid REFERENCES sla_policies (id),
    renewed_from_id uuid REFERENCES amc_contracts (id),
    start_date date NOT NULL,
    end_date date NOT NULL,
    amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (amount >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    billing_frequency text NOT NULL DEFAULT 'upfront'
        CHECK (billing_frequency IN ('upfront', 'monthly', 'quarterly', 'annually')),
    visits_included integer NOT NULL DEFAULT 0 CHECK (visits_included >= 0),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'expired', 'cancelled', 'renewed')),
    terms text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- visits of the contract's requests that were completed: each one uses one of visits_included
    visits_used integer NOT NULL DEFAULT 0,
    CHECK (end_date > start_date),
    CONSTRAINT amc_contracts_visits_within_allowance CHECK (visits_used >= 0 AND visits_used <= visits_included)
);
CREATE INDEX amc_contracts_customer_id_idx ON amc_contracts (customer_id);
CREATE INDEX amc_contracts_customer_address_id_idx ON amc_contracts (customer_address_id);
CREATE INDEX amc_contracts_sla_policy_id_idx ON amc_contracts (sla_policy_id);
CREATE INDEX amc_contracts_renewed_from_id_idx ON amc_contracts (renewed_from_id);

-- Equipment covered by a maintenance contract.
CREATE TABLE amc_contract_items (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    amc_contract_id uuid NOT NULL REFERENCES amc_contracts (id) ON DELETE CASCADE,
    product_id uuid NOT NULL REFERENCES products (id),
    serial_number text,
    quantity numeric(18,4) NOT NULL DEFAULT 1 CHECK (quantity > 0),
    coverage text NOT NULL DEFAULT 'parts_and_labor' CHECK (coverage IN ('parts_and_labor', 'labor_only', 'parts_only')),
    amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (amount >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE NULLS NOT DISTINCT (amc_contract_id, product_id, serial_number)
);
CREATE INDEX amc_contract_items_product_id_idx ON amc_contract_items (product_id);

CREATE TABLE warranties (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    warranty_number text NOT NULL UNIQUE CHECK (length(warranty_number) BETWEEN 1 AND 50),
    product_id uuid NOT NULL REFERENCES products (id),
    customer_id uuid NOT NULL REFERENCES customers (id),
    order_item_id uuid REFERENCES order_items (id),
    serial_number text,
    kind text NOT NULL DEFAULT 'manufacturer' CHECK (kind IN ('manufacturer', 'extended', 'store')),
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'expired', 'void')),
    terms text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (product_id, serial_number),
    CHECK (ends_on > starts_on)
);
CREATE INDEX warranties_customer_id_idx ON warranties (customer_id);
CREATE INDEX warranties_order_item_id_idx ON warranties (order_item_id);

CREATE TABLE service_requests (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    request_number text NOT NULL UNIQUE CHECK (length(request_number) BETWEEN 1 AND 50),
    customer_id uuid NOT NULL REFERENCES customers (id),
    customer_address_id uuid REFERENCES customer_addresses (id),
    product_id uuid REFERENCES products (id),
    order_id uuid REFERENCES orders (id),
    category_id uuid NOT NULL REFERENCES service_categories (id),
    sla_policy_id uuid REFERENCES sla_policies (id),
    amc_contract_id uuid REFERENCES amc_contracts (id),
    warranty_id uuid REFERENCES warranties (id),
    serial_number text,
    priority text NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
    status text NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'assigned', 'in_progress', 'on_hold', 'resolved', 'closed', 'cancelled')),
    source text NOT NULL DEFAULT 'phone' CHECK (source IN ('phone', 'email', 'web', 'portal', 'walk_in', 'chat')),
    subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    description text NOT NULL,
    reported_at timestamptz NOT NULL DEFAULT now(),
    response_due_at timestamptz,
    resolution_due_at timestamptz,
    first_response_at timestamptz,
    resolved_at timestamptz,
    closed_at timestamptz,
    resolution text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- who pays for the work: the customer, a warranty claim or a maintenance contract
    billing text NOT NULL DEFAULT 'paid' CHECK (billing IN ('paid', 'warranty', 'amc')),
    -- resolved after resolution_due_at, or found unresolved past it
    sla_breached boolean NOT NULL DEFAULT false,
    -- who made the last status change and why: the history trigger copies them into its row
    status_changed_by_user_id uuid REFERENCES users (id),
    status_reason text,
    CHECK (first_response_at IS NULL OR first_response_at >= reported_at),
    CHECK (resolved_at IS NULL OR resolved_at >= reported_at),
    CHECK (closed_at IS NULL OR closed_at >= reported_at),
    CHECK (status NOT IN ('resolved', 'closed') OR resolved_at IS NOT NULL)
);
CREATE INDEX service_requests_customer_id_idx ON service_requests (customer_id);
CREATE INDEX service_requests_customer_address_id_idx ON service_requests (customer_address_id);
CREATE INDEX service_requests_product_id_idx ON service_requests (product_id);
CREATE INDEX service_requests_order_id_idx ON service_requests (order_id);
CREATE INDEX service_requests_category_id_idx ON service_requests (category_id);
CREATE INDEX service_requests_sla_policy_id_idx ON service_requests (sla_policy_id);
CREATE INDEX service_requests_amc_contract_id_idx ON service_requests (amc_contract_id);
CREATE INDEX service_requests_warranty_id_idx ON service_requests (warranty_id);
CREATE INDEX service_requests_status_priority_idx ON service_requests (status, priority);
CREATE INDEX service_requests_status_changed_by_user_id_idx ON service_requests (status_changed_by_user_id);

-- Status changes of a request, for SLA and audit reporting.
CREATE TABLE service_request_status_history (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    service_request_id uuid NOT NULL REFERENCES service_requests (id) ON DELETE CASCADE,
    from_status text,
    to_status text NOT NULL
        CHECK (to_status IN ('open', 'assigned', 'in_progress', 'on_hold', 'resolved', 'closed', 'cancelled')),
    changed_by_user_id uuid REFERENCES users (id),
    changed_at timestamptz NOT NULL DEFAULT now(),
    reason text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_request_status_history_service_request_id_idx
    ON service_request_status_history (service_request_id);
CREATE INDEX service_request_status_history_changed_by_user_id_idx
    ON service_request_status_history (changed_by_user_id);

CREATE TABLE service_assignments (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    service_request_id uuid NOT NULL REFERENCES service_requests (id) ON DELETE CASCADE,
    technician_id uuid NOT NULL REFERENCES technicians (id),
    assigned_by_user_id uuid REFERENCES users (id),
    role text NOT NULL DEFAULT 'lead' CHECK (role IN ('lead', 'assistant')),
    status text NOT NULL DEFAULT 'assigned'
        CHECK (status IN ('assigned', 'accepted', 'declined', 'completed', 'cancelled')),
    assigned_at timestamptz NOT NULL DEFAULT now(),
    unassigned_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (unassigned_at IS NULL OR unassigned_at >= assigned_at)
);
CREATE INDEX service_assignments_service_request_id_idx ON service_assignments (service_request_id);
CREATE INDEX service_assignments_technician_id_idx ON service_assignments (technician_id);
CREATE INDEX service_assignments_assigned_by_user_id_idx ON service_assignments (assigned_by_user_id);

-- A technician's on-site (or remote) visit for a request.
CREATE TABLE service_visits (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    visit_number text NOT NULL UNIQUE CHECK (length(visit_number) BETWEEN 1 AND 50),
    service_request_id uuid NOT NULL REFERENCES service_requests (id) ON DELETE CASCADE,
    technician_id uuid NOT NULL REFERENCES technicians (id),
    status text NOT NULL DEFAULT 'scheduled'
        CHECK (status IN ('scheduled', 'en_route', 'in_progress', 'completed', 'cancelled', 'no_show')),
    is_remote boolean NOT NULL DEFAULT false,
    scheduled_start timestamptz NOT NULL,
    scheduled_end timestamptz NOT NULL,
    arrived_at timestamptz,
    departed_at timestamptz,
    labor_minutes integer NOT NULL DEFAULT 0 CHECK (labor_minutes >= 0),
    travel_km numeric(10,2) CHECK (travel_km >= 0),
    work_summary text,
    -- customer's signature or job photo
    signature_media_asset_id uuid REFERENCES media_assets (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (scheduled_end >= scheduled_start),
    CHECK (departed_at IS NULL OR arrived_at IS NULL OR departed_at >= arrived_at),
    CONSTRAINT service_visits_no_double_booking EXCLUDE USING gist (
        technician_id WITH =, tstzrange(scheduled_start, scheduled_end) WITH &&
    ) WHERE (status NOT IN ('cancelled', 'no_show'))
);
CREATE INDEX service_visits_service_request_id_idx ON service_visits (service_request_id);
CREATE INDEX service_visits_technician_id_idx ON service_visits (technician_id);
CREATE INDEX service_visits_signature_media_asset_id_idx ON service_visits (signature_media_asset_id);
CREATE INDEX service_visits_scheduled_start_idx ON service_visits (scheduled_start);

CREATE TABLE service_parts_used (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    service_visit_id uuid NOT NULL REFERENCES service_visits (id) ON DELETE CASCADE,
    product_id uuid NOT NULL REFERENCES products (id),
    product_variant_id uuid REFERENCES product_variants (id),
    warehouse_id uuid REFERENCES warehouses (id),
    stock_movement_id uuid REFERENCES stock_movements (id),
    serial_number text,
    quantity numeric(18,4) NOT NULL CHECK (quantity > 0),
    unit_price numeric(18,4) NOT NULL DEFAULT 0 CHECK (unit_price >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    is_billable boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_parts_used_service_visit_id_idx ON service_parts_used (service_visit_id);
CREATE INDEX service_parts_used_product_id_idx ON service_parts_used (product_id);
CREATE INDEX service_parts_used_product_variant_id_idx ON service_parts_used (product_variant_id);
CREATE INDEX service_parts_used_warehouse_id_idx ON service_parts_used (warehouse_id);
CREATE INDEX service_parts_used_stock_movement_id_idx ON service_parts_used (stock_movement_id);

CREATE TABLE service_notes (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    service_request_id uuid NOT NULL REFERENCES service_requests (id) ON DELETE CASCADE,
    service_visit_id uuid REFERENCES service_visits (id),
    author_user_id uuid REFERENCES users (id),
    technician_id uuid REFERENCES technicians (id),
    body text NOT NULL CHECK (length(body) >= 1),
    is_internal boolean NOT NULL DEFAULT true,
    attachment_media_asset_id uuid REFERENCES media_assets (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_notes_service_request_id_idx ON service_notes (service_request_id);
CREATE INDEX service_notes_service_visit_id_idx ON service_notes (service_visit_id);
CREATE INDEX service_notes_author_user_id_idx ON service_notes (author_user_id);
CREATE INDEX service_notes_technician_id_idx ON service_notes (technician_id);
CREATE INDEX service_notes_attachment_media_asset_id_idx ON service_notes (attachment_media_asset_id);

-- Planned preventive-maintenance visits under a contract (visit_sequence 1..visits_included).
CREATE TABLE amc_visits (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    amc_contract_id uuid NOT NULL REFERENCES amc_contracts (id) ON DELETE CASCADE,
    visit_sequence integer NOT NULL CHECK (visit_sequence > 0),
    scheduled_date date NOT NULL,
    service_visit_id uuid UNIQUE REFERENCES service_visits (id),
    status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'scheduled', 'completed', 'missed', 'cancelled')),
    completed_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (amc_contract_id, visit_sequence),
    CHECK (status <> 'completed' OR completed_at IS NOT NULL)
);

CREATE TABLE warranty_claims (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    claim_number text NOT NULL UNIQUE CHECK (length(claim_number) BETWEEN 1 AND 50),
    warranty_id uuid NOT NULL REFERENCES warranties (id),
    service_request_id uuid REFERENCES service_requests (id),
    -- manufacturer or supplier the cost is claimed back from
    vendor_id uuid REFERENCES vendors (id),
    status text NOT NULL DEFAULT 'submitted'
        CHECK (status IN ('submitted', 'under_review', 'approved', 'rejected', 'settled')),
    resolution text CHECK (resolution IN ('repair', 'replace', 'refund')),
    claimed_at timestamptz NOT NULL DEFAULT now(),
    decided_at timestamptz,
    amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (amount >= 0),
    approved_amount numeric(18,4) CHECK (approved_amount >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    rejection_reason text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- who approved or rejected the claim
    decided_by uuid REFERENCES users (id),
    CHECK (decided_at IS NULL OR decided_at >= claimed_at),
    CHECK (approved_amount IS NULL OR approved_amount <= amount),
    CONSTRAINT warranty_claims_decided CHECK ((status IN ('approved', 'rejected', 'settled')) = (decided_at IS NOT NULL)),
    CONSTRAINT warranty_claims_rejection_reason CHECK (status <> 'rejected' OR rejection_reason IS NOT NULL)
);
CREATE INDEX warranty_claims_warranty_id_idx ON warranty_claims (warranty_id);
CREATE INDEX warranty_claims_service_request_id_idx ON warranty_claims (service_request_id);
CREATE INDEX warranty_claims_vendor_id_idx ON warranty_claims (vendor_id);
CREATE INDEX warranty_claims_decided_by_idx ON warranty_claims (decided_by);

-- Customer satisfaction survey, one per request.
CREATE TABLE service_feedback (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    service_request_id uuid NOT NULL UNIQUE REFERENCES service_requests (id) ON DELETE CASCADE,
    customer_id uuid NOT NULL REFERENCES customers (id),
    technician_id uuid REFERENCES technicians (id),
    rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
    would_recommend boolean,
    comments text,
    submitted_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_feedback_customer_id_idx ON service_feedback (customer_id);
CREATE INDEX service_feedback_technician_id_idx ON service_feedback (technician_id);

-- Bill for chargeable service work (out-of-warranty requests) or AMC fees.
CREATE TABLE service_invoices (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    invoice_number text NOT NULL UNIQUE CHECK (length(invoice_number) BETWEEN 1 AND 50),
    customer_id uuid NOT NULL REFERENCES customers (id),
    service_request_id uuid REFERENCES service_requests (id),
    amc_contract_id uuid REFERENCES amc_contracts (id),
    tax_invoice_id uuid REFERENCES tax_invoices (id),
    journal_entry_id uuid REFERENCES journal_entries (id),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued', 'paid', 'void')),
    issued_on date,
    due_on date,
    subtotal numeric(18,4) NOT NULL DEFAULT 0 CHECK (subtotal >= 0),
    tax_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (tax_amount >= 0),
    total_amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (total_amount >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    paid_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (service_request_id IS NOT NULL OR amc_contract_id IS NOT NULL),
    CHECK (total_amount = subtotal + tax_amount),
    CHECK (due_on IS NULL OR issued_on IS NULL OR due_on >= issued_on)
);
CREATE INDEX service_invoices_customer_id_idx ON service_invoices (customer_id);
CREATE INDEX service_invoices_service_request_id_idx ON service_invoices (service_request_id);
CREATE INDEX service_invoices_amc_contract_id_idx ON service_invoices (amc_contract_id);
CREATE INDEX service_invoices_tax_invoice_id_idx ON service_invoices (tax_invoice_id);
CREATE INDEX service_invoices_journal_entry_id_idx ON service_invoices (journal_entry_id);

CREATE TABLE service_invoice_lines (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    service_invoice_id uuid NOT NULL REFERENCES service_invoices (id) ON DELETE CASCADE,
    line_number integer NOT NULL CHECK (line_number > 0),
    kind text NOT NULL DEFAULT 'labor' CHECK (kind IN ('labor', 'part', 'visit_fee', 'amc_fee', 'other')),
    description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
    product_id uuid REFERENCES products (id),
    service_parts_used_id uuid REFERENCES service_parts_used (id),
    quantity numeric(18,4) NOT NULL DEFAULT 1 CHECK (quantity > 0),
    unit_price numeric(18,4) NOT NULL DEFAULT 0 CHECK (unit_price >= 0),
    amount numeric(18,4) NOT NULL DEFAULT 0 CHECK (amount >= 0),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (service_invoice_id, line_number)
);
CREATE INDEX service_invoice_lines_product_id_idx ON service_invoice_lines (product_id);
CREATE INDEX service_invoice_lines_service_parts_used_id_idx ON service_invoice_lines (service_parts_used_id);

-- Service requests move open → assigned → in_progress (⇄ on_hold) → resolved → closed; open or
-- assigned may be cancelled, assigned may go back to open (unassigned), and a resolved or closed
-- request may be reopened (back to open) within 14 days of its resolution. Every status a request
-- takes, from its first, gets a row in service_request_status_history. The functions name their
-- tables through TG_TABLE_SCHEMA, like the books' triggers (05_finance.sql).
CREATE FUNCTION service_requests_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status IS DISTINCT FROM OLD.status THEN
    IF NOT (
      (OLD.status = 'open' AND NEW.status IN ('assigned', 'cancelled'))
      OR (OLD.status = 'assigned' AND NEW.status IN ('in_progress', 'open', 'cancelled'))
      OR (OLD.status = 'in_progress' AND NEW.status IN ('on_hold', 'resolved'))
      OR (OLD.status = 'on_hold' AND NEW.status = 'in_progress')
      OR (OLD.status = 'resolved' AND NEW.status IN ('closed', 'open'))
      OR (OLD.status = 'closed' AND NEW.status = 'open')
    ) THEN
      RAISE EXCEPTION 'Service request % cannot go from % to %.', OLD.request_number, OLD.status, NEW.status
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'service_requests_transitions';
    END IF;
    IF NEW.status = 'open' AND OLD.status IN ('resolved', 'closed') AND now() > OLD.resolved_at + interval '14 days' THEN
      RAISE EXCEPTION 'Service request % was resolved on % and can be reopened only within 14 days of that: open a new request.',
        OLD.request_number, OLD.resolved_at::date
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'service_requests_reopen_window';
    END IF;
  END IF;
  IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
    EXECUTE format('INSERT INTO %I.service_request_status_history
        (service_request_id, from_status, to_status, changed_by_user_id, reason) VALUES ($1, $2, $3, $4, $5)', TG_TABLE_SCHEMA)
      USING NEW.id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, NEW.status, NEW.status_changed_by_user_id, NEW.status_reason;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER service_requests_transition AFTER INSERT OR UPDATE OF status ON service_requests
  FOR EACH ROW EXECUTE FUNCTION service_requests_transition();

-- A warranty claim is accepted only inside its warranty: an active warranty whose window
-- (starts_on to ends_on) holds the day the claim was made.
CREATE FUNCTION warranty_claims_within_warranty() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  warranty record;
BEGIN
  EXECUTE format('SELECT warranty_number, status, starts_on, ends_on FROM %I.warranties WHERE id = $1', TG_TABLE_SCHEMA)
    INTO warranty USING NEW.warranty_id;
  IF warranty.status IS DISTINCT FROM 'active' OR NEW.claimed_at::date NOT BETWEEN warranty.starts_on AND warranty.ends_on THEN
    RAISE EXCEPTION 'Warranty % covers % to % (%): a claim on % is outside it.', warranty.warranty_number, warranty.starts_on,
      warranty.ends_on, warranty.status, NEW.claimed_at::date
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'warranty_claims_within_warranty';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER warranty_claims_within_warranty BEFORE INSERT OR UPDATE OF warranty_id, claimed_at ON warranty_claims
  FOR EACH ROW EXECUTE FUNCTION warranty_claims_within_warranty();

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

COMMENT ON CONSTRAINT amc_contracts_visits_within_allowance ON amc_contracts IS 'visits_used must lie between 0 and visits_included: a contract''s visits are used up, never overdrawn.';
COMMENT ON CONSTRAINT service_visits_no_double_booking ON service_visits IS 'The technician is already booked for part of that time (scheduled_start to scheduled_end): a technician has one visit at a time.';
COMMENT ON CONSTRAINT warranty_claims_decided ON warranty_claims IS 'decided_at is set exactly when the claim is approved, rejected or settled.';
