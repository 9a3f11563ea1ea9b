-- The control plane: which tenants exist, what happened to them, and which template built them.

CREATE TABLE platform.template_versions (
  version text PRIMARY KEY CHECK (version ~ '^[0-9a-f]{16}$'),
  -- The template DDL split into statements, so that a tenant is built server-side in one call.
  statements text[] NOT NULL,
  files jsonb NOT NULL,
  table_count integer NOT NULL CHECK (table_count >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE platform.tenants (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  slug text NOT NULL CHECK (slug ~ '^[a-z][a-z0-9_]{2,39}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  schema_name text NOT NULL CHECK (schema_name = 'tenant_' || slug),
  role_name text NOT NULL CHECK (role_name = 'tenant_' || slug || '_rw'),
  tier text NOT NULL CHECK (tier IN ('starter', 'growth', 'professional', 'enterprise')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'deprovisioned')),
  template_version text NOT NULL REFERENCES platform.template_versions (version),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deprovisioned_at timestamptz,
  CONSTRAINT tenants_slug_key UNIQUE (slug)
);
CREATE INDEX tenants_template_version_idx ON platform.tenants (template_version);

CREATE TABLE platform.tenant_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES platform.tenants (id),
  kind text NOT NULL CHECK (kind IN ('provisioned', 'seeded', 'tier_changed', 'suspended', 'resumed', 'deprovisioned')),
  data jsonb NOT NULL DEFAULT '{}',
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tenant_events_tenant_id_idx ON platform.tenant_events (tenant_id);

-- Runs DDL statements with target_schema as search_path, inside the caller's transaction.
-- One call builds a whole schema: no round trip per statement. On failure it re-raises the
-- original error with the failing statement's 1-based index in HINT ('ddl statement N'), so the
-- caller can name the file and statement.
CREATE FUNCTION platform.apply_ddl(target_schema text, statements text[]) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  previous_path text := current_setting('search_path');
  n integer := coalesce(array_length(statements, 1), 0);
  i integer := 0;
  err_message text;
  err_state text;
  err_detail text;
BEGIN
  PERFORM set_config('search_path', quote_ident(target_schema), true);
  BEGIN
    WHILE i < n LOOP
      i := i + 1;
      EXECUTE statements[i];
    END LOOP;
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS err_message = MESSAGE_TEXT, err_state = RETURNED_SQLSTATE,
      err_detail = PG_EXCEPTION_DETAIL;
    RAISE EXCEPTION USING ERRCODE = err_state, MESSAGE = err_message,
      DETAIL = coalesce(err_detail, ''), HINT = 'ddl statement ' || i;
  END;
  PERFORM set_config('search_path', previous_path, true);
  RETURN n;
END
$$;
