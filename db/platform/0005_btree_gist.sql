-- btree_gist: equality on plain types (uuid, integer, text) inside a GiST index, which exclusion
-- constraints of tenant tables need ("no two rows of the same employee whose times overlap":
-- EXCLUDE USING gist (employee_id WITH =, tstzrange(...) WITH &&)). Extensions live outside any
-- tenant schema, so the control plane installs it once per database, in public. Template DDL
-- never names it: a GiST index finds the default operator class of its column type in any
-- schema, and `=` is pg_catalog's. Tenant roles only need to reach the schema for the operator
-- class's support functions when PostgreSQL checks rows, which it does without ACL checks; the
-- USAGE grant below keeps that true even where public's default USAGE was revoked.
CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;
GRANT USAGE ON SCHEMA public TO PUBLIC;
