-- Regulator references name their tenant (`vref_<tenant>_<id>`), so nothing needs references
-- unique across tenants any more: the global unique index goes (a database sharded by tenant
-- cannot keep one). Older references are still found by reference; the lookup refuses one that
-- two tenants share rather than pick one.
DROP INDEX regulator_references_by_reference;
CREATE INDEX regulator_references_by_reference ON regulator_references (reference);

CREATE OR REPLACE FUNCTION regulator_reference_tenant(ref text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        SELECT CASE WHEN count(DISTINCT tenant_id) = 1 THEN min(tenant_id::text)::uuid END
        FROM regulator_references WHERE reference = ref
    $$;
