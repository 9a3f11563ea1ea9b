-- The API's login role and what tenant roles may no longer do.
--
-- erp_api is the role the API's tenant connections log in as: not a superuser, owns nothing,
-- inherits nothing (NOINHERIT, and each tenant role is granted WITH INHERIT FALSE at
-- provisioning), so by itself it reads no tenant, platform or template table; it can only SET
-- ROLE to a tenant role. Its password, LOGIN and database rights (CONNECT, no TEMP for PUBLIC)
-- are set by ensureApiRole at every db:migrate and start, since database ACLs are not copied
-- by CREATE DATABASE … TEMPLATE.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'erp_api') THEN
    CREATE ROLE erp_api NOLOGIN NOINHERIT;
  END IF;
END
$$;

-- set_config is how an expression changes session state (role, search_path, timeouts), and an
-- injected expression is all a parameterised query lets through. Tenant roles lose it; the API
-- login (which opens every tenant transaction with it) and the owner keep it.
REVOKE EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) TO erp_api, CURRENT_USER;

-- Per-table statistics (row counts, scans, tuples written) of every schema are readable by
-- PUBLIC by default: a tenant could watch another tenant's activity. The views and the
-- functions that take a table's OID go to pg_read_all_stats (monitoring keeps them).
DO $$
DECLARE
  item record;
BEGIN
  FOR item IN
    SELECT c.oid::regclass::text AS name FROM pg_class c
    WHERE c.relnamespace = 'pg_catalog'::regnamespace AND c.relkind = 'v'
      AND (c.relname ~ '^pg_stat(io)?_(xact_)?(all|user|sys)_(tables|indexes|sequences)$'
           OR c.relname IN ('pg_stat_user_functions', 'pg_stat_xact_user_functions'))
  LOOP
    EXECUTE format('REVOKE SELECT ON %s FROM PUBLIC', item.name);
    EXECUTE format('GRANT SELECT ON %s TO pg_read_all_stats', item.name);
  END LOOP;
  FOR item IN
    SELECT p.oid::regprocedure::text AS name FROM pg_proc p
    WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.proargtypes = '26'::oidvector
      AND p.proname ~ '^pg_stat(io)?_get_' AND p.proname !~ '^pg_stat_get_(db_|subscription)'
  LOOP
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', item.name);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO pg_read_all_stats', item.name);
  END LOOP;
END
$$;
