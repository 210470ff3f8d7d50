-- Retention: a tenant's applicants are erased this many days after their verdict (NULL: kept).
ALTER TABLE tenants ADD COLUMN retention_days integer CHECK (retention_days IS NULL OR retention_days >= 1);

-- The tenants with a retention period, for the sweeper: ids and periods only, across tenants,
-- as the queue's functions give the workers their one cross-tenant view.
CREATE FUNCTION tenants_with_retention() RETURNS TABLE (id uuid, retention_days integer)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT id, retention_days FROM tenants WHERE retention_days IS NOT NULL AND status = 'active' $$;
REVOKE ALL ON FUNCTION tenants_with_retention() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenants_with_retention() TO vouch_app;
