-- Is the schema ready to be distributed by tenant_id (Citus)? One row per problem, none when it is.
--
--   psql -X -v ON_ERROR_STOP=1 -f deploy/citus/check.sql "$VOUCH_ADMIN_DATABASE_URL"
--
-- Read-only: it looks at the catalogs and nothing else. A tenant table is any table with a
-- tenant_id column. Citus can only enforce a uniqueness that a single shard can check, and only
-- a foreign key whose rows live on the same shard, so it refuses to distribute a table when:
--   * its primary key, a unique constraint, a unique index (partial ones too) or an exclusion
--     constraint leaves tenant_id out of its key columns;
--   * a foreign key between two tenant tables does not pair tenant_id with tenant_id;
--   * a global table (one without tenant_id, which becomes a reference table) references a
--     tenant table: reference tables live on every node, tenant rows on one.
-- It also reports tenant_id columns that allow NULL (a row without a shard) and tenant_id
-- columns of another type than the rest (tables are colocated only on one type).
-- Partitions are checked for what they add of their own; what they inherit from their parent is
-- reported once, on the parent.
WITH tenant_tables AS (
    SELECT c.oid AS relid, c.relispartition, a.attnum AS tenant_attnum, a.attnotnull, a.atttypid
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND a.attnum > 0 AND NOT a.attisdropped
    WHERE c.relkind IN ('r', 'p')
        AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
),
global_tables AS (
    SELECT c.oid AS relid
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p')
        AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
        AND c.oid NOT IN (SELECT relid FROM tenant_tables)
),
usual_type AS (
    SELECT atttypid FROM tenant_tables WHERE NOT relispartition
    GROUP BY atttypid ORDER BY count(*) DESC, atttypid LIMIT 1
),
problems AS (
    -- Uniqueness that a shard cannot check on its own. Indexes attached to a parent's index
    -- (relispartition) are the parent's, already reported there.
    SELECT t.relid,
        CASE con.contype WHEN 'p' THEN 'primary key lacks tenant_id'
            WHEN 'u' THEN 'unique constraint lacks tenant_id'
            ELSE 'unique index lacks tenant_id' END AS problem,
        coalesce(con.conname, ic.relname::text) AS object_name,
        coalesce(pg_get_constraintdef(con.oid), pg_get_indexdef(i.indexrelid)) AS definition
    FROM pg_index i
    JOIN tenant_tables t ON t.relid = i.indrelid
    JOIN pg_class ic ON ic.oid = i.indexrelid
    LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u')
    WHERE i.indisunique
        AND NOT ic.relispartition
        AND NOT EXISTS (
            SELECT FROM generate_series(0, i.indnkeyatts - 1) AS k WHERE i.indkey[k] = t.tenant_attnum)

    UNION ALL
    SELECT t.relid, 'exclusion constraint lacks tenant_id', con.conname, pg_get_constraintdef(con.oid)
    FROM pg_constraint con
    JOIN tenant_tables t ON t.relid = con.conrelid
    WHERE con.contype = 'x' AND con.conparentid = 0 AND NOT t.tenant_attnum = ANY (con.conkey)

    UNION ALL
    -- Inherited copies of a foreign key (on partitions, either side) carry conparentid.
    SELECT src.relid, 'foreign key between tenant tables does not pair tenant_id', con.conname,
        pg_get_constraintdef(con.oid)
    FROM pg_constraint con
    JOIN tenant_tables src ON src.relid = con.conrelid
    JOIN tenant_tables dst ON dst.relid = con.confrelid
    WHERE con.contype = 'f' AND con.conparentid = 0
        AND NOT EXISTS (
            SELECT FROM unnest(con.conkey, con.confkey) AS pair (col, ref_col)
            WHERE pair.col = src.tenant_attnum AND pair.ref_col = dst.tenant_attnum)

    UNION ALL
    SELECT g.relid, 'global table references a tenant table', con.conname, pg_get_constraintdef(con.oid)
    FROM pg_constraint con
    JOIN global_tables g ON g.relid = con.conrelid
    JOIN tenant_tables dst ON dst.relid = con.confrelid
    WHERE con.contype = 'f' AND con.conparentid = 0

    UNION ALL
    SELECT t.relid, 'tenant_id allows NULL', 'tenant_id', format_type(t.atttypid, NULL)
    FROM tenant_tables t
    WHERE NOT t.attnotnull AND NOT t.relispartition

    UNION ALL
    SELECT t.relid, 'tenant_id has another type than the other tenant tables', 'tenant_id',
        format('%s, not %s', format_type(t.atttypid, NULL), format_type(u.atttypid, NULL))
    FROM tenant_tables t
    CROSS JOIN usual_type u
    WHERE t.atttypid <> u.atttypid AND NOT t.relispartition
)
SELECT p.relid::regclass::text AS table_name, p.problem, p.object_name, p.definition
FROM problems p
ORDER BY 1, 2, 3;
