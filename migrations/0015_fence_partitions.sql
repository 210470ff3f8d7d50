-- Postgres applies a partitioned table's row-level security only to queries that name the
-- parent: a query that names a partition reads every tenant's rows in it. The server's role
-- goes through the parents only, so it loses every privilege on the partitions, and tables made
-- from now on are born with no privileges: each migration grants what the server needs,
-- by name, as the migrations since 0002 already do.
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM vouch_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM vouch_app;

-- Fences one partition: no privilege for anyone but its owner, and row-level security on
-- without a policy, so even a role that is granted it by mistake reads nothing.
CREATE FUNCTION fence_partition(partition regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('REVOKE ALL ON %s FROM PUBLIC, vouch_app, vouch_queue, vouch_callbacks', partition);
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', partition);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', partition);
END
$$;
REVOKE ALL ON FUNCTION fence_partition(regclass) FROM PUBLIC;

SELECT fence_partition(c.oid::regclass)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relispartition AND c.relkind IN ('r', 'p');

-- A tenant's key may read its tenant row and create it, never change or remove it: suspension,
-- plans and retention are the operator's, through the owner's connection.
REVOKE UPDATE, DELETE, TRUNCATE ON tenants FROM vouch_app;

-- A delivery whose sender dies mid-try (or cannot record its outcome) comes back when its lease
-- ends; one that has come back more often than the schedule has tries is dead, with the reason,
-- instead of going round for ever.
DROP FUNCTION recover_expired_webhook_deliveries();
CREATE FUNCTION recover_expired_webhook_deliveries(max_attempts integer) RETURNS integer
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        WITH expired AS (
            UPDATE webhook_deliveries SET
                state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'pending' END,
                lease_until = NULL, worker = NULL, next_attempt_at = now(),
                last_error = CASE WHEN attempts >= max_attempts
                    THEN 'claimed ' || attempts || ' times without a recorded outcome'
                    ELSE coalesce(last_error, 'lease expired') END
            WHERE state = 'sending' AND lease_until < now()
            RETURNING 1
        )
        SELECT count(*)::integer FROM expired
    $$;
ALTER FUNCTION recover_expired_webhook_deliveries(integer) OWNER TO vouch_queue;
REVOKE ALL ON FUNCTION recover_expired_webhook_deliveries(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION recover_expired_webhook_deliveries(integer) TO vouch_app;
