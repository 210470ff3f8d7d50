-- Distributes Vouch's schema over a Citus cluster by tenant_id. Run it once, on the coordinator,
-- as the database owner, after `vouch migrate` has built the schema in an empty database and
-- before any data is loaded (see ../README.md, "Past one Postgres"):
--
--   psql -X -v ON_ERROR_STOP=1 -f deploy/citus/check.sql "$VOUCH_ADMIN_DATABASE_URL"   # no rows
--   psql -X -v ON_ERROR_STOP=1 -f deploy/citus/distribute.sql "$VOUCH_ADMIN_DATABASE_URL"
--
-- Tables are found from the catalog rather than listed, so tables added by later migrations
-- are covered too: a table with a tenant_id column is distributed, colocated with applicants;
-- one without (tenants, plans) becomes a reference table, copied to every node;
-- schema_migrations stays on the coordinator, the only place the migrator and /readyz read it.
--
-- Citus creates a foreign key between two tables only once both are distributed (or reference)
-- tables, so every foreign key is taken off first and put back, unchanged, at the end.
BEGIN;

-- Distributing tables that reference a reference table in one transaction needs Citus to use
-- one connection per node throughout.
SET LOCAL citus.multi_shard_modify_mode TO 'sequential';

CREATE TEMPORARY TABLE vouch_foreign_keys ON COMMIT DROP AS
SELECT con.conrelid::regclass AS relid, con.conname, pg_get_constraintdef(con.oid) AS definition
FROM pg_constraint con
JOIN pg_namespace n ON n.oid = con.connamespace
WHERE con.contype = 'f' AND con.conparentid = 0 AND n.nspname = 'public';

DO $$
DECLARE
    fk record;
BEGIN
    FOR fk IN SELECT * FROM vouch_foreign_keys LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.relid, fk.conname);
    END LOOP;
END
$$;

CREATE TEMPORARY TABLE vouch_tables ON COMMIT DROP AS
SELECT c.oid::regclass AS relid, c.relname, c.relpersistence,
    EXISTS (
        SELECT FROM pg_attribute a
        WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND a.attnum > 0 AND NOT a.attisdropped
    ) AS has_tenant_id
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    AND c.relname <> 'schema_migrations';

-- Global tables: small, read everywhere, written rarely (a tenant created or suspended, a price
-- changed). A copy on every node keeps joins and foreign keys to them local to each shard.
SELECT create_reference_table(relid) FROM vouch_tables WHERE NOT has_tenant_id ORDER BY relname;

-- Tenant tables. applicants first, as the colocation group's anchor: every other tenant table
-- shares its shard boundaries, so one tenant's rows of every table live on one node and each
-- request (a transaction on one tenant) runs on that node alone. Partitioned tables are
-- distributed with their partitions.
SELECT create_distributed_table('applicants', 'tenant_id');

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM vouch_tables WHERE has_tenant_id AND relname <> 'applicants' ORDER BY relname LOOP
        -- UNLOGGED tables cannot be moved by the non-blocking (logical replication) rebalancer;
        -- in a group of their own they do not hold the other tables' moves back.
        PERFORM create_distributed_table(
            t.relid, 'tenant_id',
            colocate_with => CASE WHEN t.relpersistence = 'u' THEN 'none' ELSE 'applicants' END);
    END LOOP;
END
$$;

DO $$
DECLARE
    fk record;
BEGIN
    FOR fk IN SELECT * FROM vouch_foreign_keys ORDER BY relid::text, conname LOOP
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', fk.relid, fk.conname, fk.definition);
    END LOOP;
END
$$;

-- Row-level security is evaluated on the node that holds the shard, so the tenant setting must
-- travel with each transaction. Citus carries SET LOCAL statements along (not set_config()
-- calls): the server's tenant prelude has to be SET LOCAL app.tenant_id = '…' under Citus.
DO $$
BEGIN
    EXECUTE format('ALTER ROLE vouch_app IN DATABASE %I SET citus.propagate_set_commands = %L',
        current_database(), 'local');
END
$$;

COMMIT;
