-- Field service as a business runs it (docs/modules/service.md): who pays for a request, the SLA
-- breach flag, who changed its status and why (copied into the history by a trigger), the state
-- machine and the reopen window, visits used of a maintenance contract (never above its
-- allowance), no double booking of a technician, warranty claims only inside their warranty.
-- Expand only: new columns with constant defaults or nullable, new constraints on service tables,
-- new functions and triggers. Code of version 3 never writes the new columns.

ALTER TABLE amc_contracts ADD COLUMN visits_used integer NOT NULL DEFAULT 0;
ALTER TABLE amc_contracts ADD CONSTRAINT amc_contracts_visits_within_allowance
  CHECK (visits_used >= 0 AND visits_used <= visits_included);

ALTER TABLE service_requests ADD COLUMN billing text NOT NULL DEFAULT 'paid' CHECK (billing IN ('paid', 'warranty', 'amc'));
ALTER TABLE service_requests ADD COLUMN sla_breached boolean NOT NULL DEFAULT false;
ALTER TABLE service_requests ADD COLUMN status_changed_by_user_id uuid REFERENCES users (id);
ALTER TABLE service_requests ADD COLUMN status_reason text;
CREATE INDEX service_requests_status_changed_by_user_id_idx ON service_requests (status_changed_by_user_id);

ALTER TABLE service_visits ADD CONSTRAINT service_visits_no_double_booking EXCLUDE USING gist (
    technician_id WITH =, tstzrange(scheduled_start, scheduled_end) WITH &&
) WHERE (status NOT IN ('cancelled', 'no_show'));

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

COMMENT ON CONSTRAINT amc_contracts_visits_within_allowance ON amc_contracts IS 'visits_used must lie between 0 and visits_included: a contract''s visits are used up, never overdrawn.';
COMMENT ON CONSTRAINT service_visits_no_double_booking ON service_visits IS 'The technician is already booked for part of that time (scheduled_start to scheduled_end): a technician has one visit at a time.';

-- Requests written before the history trigger: their current status becomes their last history row.
INSERT INTO service_request_status_history (service_request_id, from_status, to_status, changed_at, reason)
SELECT r.id, NULL, r.status, r.updated_at, 'status when the history started'
FROM service_requests r
WHERE r.status IS DISTINCT FROM (
  SELECT h.to_status FROM service_request_status_history h WHERE h.service_request_id = r.id ORDER BY h.id DESC LIMIT 1);
