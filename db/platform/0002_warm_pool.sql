-- The warm pool: tenant schemas built ahead of time (tables and role, no rows), so that
-- provisioning claims one by renaming it (≈ 1 ms) instead of building 267 tables (≈ 600 ms).

CREATE TABLE platform.schema_pool (
  schema_name text PRIMARY KEY CHECK (schema_name ~ '^pool_[0-9a-f]{12}$'),
  role_name text NOT NULL CHECK (role_name = schema_name || '_rw'),
  template_version text NOT NULL REFERENCES platform.template_versions (version),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT schema_pool_role_name_key UNIQUE (role_name)
);
CREATE INDEX schema_pool_template_version_idx ON platform.schema_pool (template_version, created_at);
