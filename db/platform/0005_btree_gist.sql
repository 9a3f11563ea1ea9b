-- btree_gist gives uuid (and other scalar types) a GiST operator class, so a tenant table can
-- keep an exclusion constraint that mixes equality on an id with overlap of a time range
-- (a technician is never booked twice at once: db/template/08_service.sql). Extensions live
-- outside tenant schemas: it is installed once per database, and a default operator class is
-- found by type whatever the search_path, so the template names no schema. It is a trusted
-- extension shipped with PostgreSQL's contrib modules.
CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public;
