-- The claiming and recovering functions take the time to measure leases against. NULL, what the
-- server passes, means the database's own clock, exactly as before; a test passes a time past a
-- lease instead of waiting for the lease to end. (Bodies, ownership and grants as they were.)

DROP FUNCTION claim_jobs(text, integer, interval);
CREATE FUNCTION claim_jobs(claimant text, max_jobs integer, lease interval, at timestamptz DEFAULT NULL)
    RETURNS TABLE (tenant_id uuid, id uuid, kind text, subject_id uuid, attempts integer, max_attempts integer)
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        WITH next AS (
            SELECT j.tenant_id, j.id FROM jobs j
            WHERE j.state = 'queued' AND j.run_at <= coalesce(at, now())
            ORDER BY j.priority, j.run_at
            LIMIT max_jobs
            FOR UPDATE SKIP LOCKED
        )
        UPDATE jobs j SET state = 'running', attempts = j.attempts + 1, lease_until = coalesce(at, now()) + lease,
            worker = claimant, updated_at = coalesce(at, now())
        FROM next WHERE j.tenant_id = next.tenant_id AND j.id = next.id
        RETURNING j.tenant_id, j.id, j.kind, j.subject_id, j.attempts, j.max_attempts
    $$;

DROP FUNCTION recover_expired_jobs();
CREATE FUNCTION recover_expired_jobs(at timestamptz DEFAULT NULL) RETURNS integer
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        WITH expired AS (
            UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
                run_at = coalesce(at, now()), lease_until = NULL, worker = NULL,
                last_error = coalesce(last_error, 'lease expired'), updated_at = coalesce(at, now())
            WHERE state = 'running' AND lease_until < coalesce(at, now())
            RETURNING 1
        )
        SELECT count(*)::integer FROM expired
    $$;

DROP FUNCTION claim_webhook_deliveries(text, integer, interval);
CREATE FUNCTION claim_webhook_deliveries(claimant text, max_deliveries integer, lease interval, at timestamptz DEFAULT NULL)
    RETURNS TABLE (tenant_id uuid, id uuid, endpoint_id uuid, event_id uuid, attempts integer)
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        WITH due AS (
            SELECT d.tenant_id, d.id, d.next_attempt_at,
                row_number() OVER (PARTITION BY d.tenant_id ORDER BY d.next_attempt_at, d.id) AS turn
            FROM webhook_deliveries d
            WHERE d.state = 'pending' AND d.next_attempt_at <= coalesce(at, now())
        ), candidates AS (
            SELECT due.tenant_id, due.id, due.turn, due.next_attempt_at FROM due
            ORDER BY due.turn, due.next_attempt_at
            LIMIT max_deliveries * 2
        ), next AS (
            SELECT d.tenant_id, d.id FROM webhook_deliveries d
            JOIN candidates c ON c.tenant_id = d.tenant_id AND c.id = d.id
            WHERE d.state = 'pending'
            ORDER BY c.turn, c.next_attempt_at
            LIMIT max_deliveries
            FOR UPDATE OF d SKIP LOCKED
        )
        UPDATE webhook_deliveries d SET state = 'sending', attempts = d.attempts + 1,
            lease_until = coalesce(at, now()) + lease, worker = claimant
        FROM next WHERE d.tenant_id = next.tenant_id AND d.id = next.id
        RETURNING d.tenant_id, d.id, d.endpoint_id, d.event_id, d.attempts
    $$;

DROP FUNCTION recover_expired_webhook_deliveries(integer);
CREATE FUNCTION recover_expired_webhook_deliveries(max_attempts integer, at timestamptz DEFAULT NULL) RETURNS integer
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        WITH expired AS (
            UPDATE webhook_deliveries SET
                state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'pending' END,
                lease_until = NULL, worker = NULL, next_attempt_at = coalesce(at, now()),
                last_error = CASE WHEN attempts >= max_attempts
                    THEN 'claimed ' || attempts || ' times without a recorded outcome'
                    ELSE coalesce(last_error, 'lease expired') END
            WHERE state = 'sending' AND lease_until < coalesce(at, now())
            RETURNING 1
        )
        SELECT count(*)::integer FROM expired
    $$;

ALTER FUNCTION claim_jobs(text, integer, interval, timestamptz) OWNER TO vouch_queue;
ALTER FUNCTION recover_expired_jobs(timestamptz) OWNER TO vouch_queue;
ALTER FUNCTION claim_webhook_deliveries(text, integer, interval, timestamptz) OWNER TO vouch_queue;
ALTER FUNCTION recover_expired_webhook_deliveries(integer, timestamptz) OWNER TO vouch_queue;
REVOKE ALL ON FUNCTION claim_jobs(text, integer, interval, timestamptz), recover_expired_jobs(timestamptz),
    claim_webhook_deliveries(text, integer, interval, timestamptz), recover_expired_webhook_deliveries(integer, timestamptz)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_jobs(text, integer, interval, timestamptz), recover_expired_jobs(timestamptz),
    claim_webhook_deliveries(text, integer, interval, timestamptz), recover_expired_webhook_deliveries(integer, timestamptz)
    TO vouch_app;
