-- Template changes: ordered change files (db/template/changes/NNNN_name.sql) take a tenant from
-- template version number N to N+1, one transaction per tenant, recorded in a per-tenant ledger.
-- A build (template_versions.version, the checksum of its source) now says which version number
-- it is: how many change files its source held. Builds recorded before this file are number 0.

ALTER TABLE platform.template_versions
  ADD COLUMN version_number integer NOT NULL DEFAULT 0 CHECK (version_number >= 0),
  -- The built template's catalog (describeSchema) and its fingerprint: what tenants that record
  -- this build are compared with by the drift check. NULL for builds recorded before this file.
  ADD COLUMN description jsonb,
  ADD COLUMN fingerprint text;
CREATE INDEX template_versions_version_number_idx ON platform.template_versions (version_number, created_at);

-- The change files, as recorded: a change that has taken a tenant somewhere may not be edited.
CREATE TABLE platform.template_changes (
  version_number integer PRIMARY KEY CHECK (version_number >= 1),
  name text NOT NULL,
  checksum text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
  statements text[] NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT template_changes_name_key UNIQUE (name)
);

-- One `pnpm tenants migrate` run: its target and options, so that --resume can finish it.
CREATE TABLE platform.template_rollouts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  target_version text NOT NULL REFERENCES platform.template_versions (version),
  to_version_number integer NOT NULL CHECK (to_version_number >= 0),
  options jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'finished', 'stopped')),
  stop_reason text,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX template_rollouts_status_idx ON platform.template_rollouts (status, id);

-- The per-tenant ledger: one row per tenant migration, written in the tenant's own transaction
-- when it succeeds (so a row exists exactly when the tenant moved), or afterwards with the error.
CREATE TABLE platform.tenant_migrations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rollout_id bigint REFERENCES platform.template_rollouts (id),
  tenant_id uuid NOT NULL REFERENCES platform.tenants (id),
  from_version_number integer NOT NULL,
  to_version_number integer NOT NULL,
  -- sha256 of the applied change files' checksums, in order.
  checksum text,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  duration_ms numeric(12, 3) NOT NULL CHECK (duration_ms >= 0),
  attempts integer NOT NULL DEFAULT 1 CHECK (attempts >= 1),
  error text,
  CONSTRAINT tenant_migrations_order CHECK (finished_at >= started_at)
);
CREATE INDEX tenant_migrations_tenant_id_idx ON platform.tenant_migrations (tenant_id, id);
CREATE INDEX tenant_migrations_rollout_id_idx ON platform.tenant_migrations (rollout_id);

-- Applies the recorded changes (from_number, to_number] to a schema, in order, inside the caller's
-- transaction. A failure is re-raised with the change's name and statement index in HINT.
-- Returns the sha256 of the applied changes' checksums (NULL when there was nothing to apply).
CREATE FUNCTION platform.apply_template_changes(target_schema text, from_number integer, to_number integer) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  change record;
  applied text[] := '{}';
  err_message text;
  err_state text;
  err_detail text;
  err_hint text;
BEGIN
  IF (SELECT count(*) FROM platform.template_changes WHERE version_number > from_number AND version_number <= to_number)
     <> to_number - from_number THEN
    RAISE EXCEPTION 'template changes % to % are not all recorded', from_number + 1, to_number USING ERRCODE = 'P0002';
  END IF;
  FOR change IN
    SELECT name, checksum, statements FROM platform.template_changes
    WHERE version_number > from_number AND version_number <= to_number ORDER BY version_number
  LOOP
    BEGIN
      PERFORM platform.apply_ddl(target_schema, change.statements);
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS err_message = MESSAGE_TEXT, err_state = RETURNED_SQLSTATE,
        err_detail = PG_EXCEPTION_DETAIL, err_hint = PG_EXCEPTION_HINT;
      RAISE EXCEPTION USING ERRCODE = err_state, MESSAGE = err_message,
        DETAIL = coalesce(err_detail, ''), HINT = 'template change ' || change.name || ', ' || coalesce(err_hint, '');
    END;
    applied := applied || change.checksum;
  END LOOP;
  IF cardinality(applied) = 0 THEN RETURN NULL; END IF;
  RETURN encode(sha256(convert_to(array_to_string(applied, ','), 'UTF8')), 'hex');
END
$$;

-- Migrates one tenant to the build `target` in the caller's transaction, in one call: locks its
-- registry row (a concurrent run or lifecycle change waits), applies the changes its version
-- number lacks, records the build and writes the ledger row. Waits for locks at most
-- `lock_wait` (the schema's tables are locked ACCESS EXCLUSIVE while they change, and requests
-- queue behind a waiting ALTER). Returns the ledger row's id, or NULL when the tenant was
-- already at the target (another run got there first).
CREATE FUNCTION platform.migrate_tenant(tenant uuid, target text, rollout bigint, lock_wait text, attempt integer)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  started timestamptz := clock_timestamp();
  current record;
  to_number integer;
  applied_checksum text;
  ledger_id bigint;
BEGIN
  PERFORM set_config('lock_timeout', lock_wait, true);
  -- A migrator killed mid-run: its backend notices within a second and rolls back, instead of
  -- finishing the tenant (or waiting on a lock) for a client that is gone.
  PERFORM set_config('client_connection_check_interval', '1s', true);
  SELECT t.schema_name, t.template_version, v.version_number INTO current
  FROM platform.tenants t JOIN platform.template_versions v ON v.version = t.template_version
  WHERE t.id = tenant AND t.status <> 'deprovisioned'
  FOR UPDATE OF t;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'tenant % does not exist or is deprovisioned', tenant USING ERRCODE = 'P0002';
  END IF;
  SELECT version_number INTO STRICT to_number FROM platform.template_versions WHERE version = target;
  IF current.template_version = target OR current.version_number = to_number THEN
    RETURN NULL;
  END IF;
  IF current.version_number > to_number THEN
    RAISE EXCEPTION 'tenant is at template version %, past the target %', current.version_number, to_number
      USING ERRCODE = 'P0001';
  END IF;
  applied_checksum := platform.apply_template_changes(current.schema_name, current.version_number, to_number);
  UPDATE platform.tenants SET template_version = target, updated_at = now() WHERE id = tenant;
  INSERT INTO platform.tenant_migrations
    (rollout_id, tenant_id, from_version_number, to_version_number, checksum, started_at, finished_at, duration_ms, attempts)
  VALUES (rollout, tenant, current.version_number, to_number, applied_checksum, started, clock_timestamp(),
    extract(epoch FROM clock_timestamp() - started) * 1000, attempt)
  RETURNING id INTO ledger_id;
  RETURN ledger_id;
END
$$;
