-- What operators watch and what a stopping worker gives back, across tenants, through the
-- queue's role as the claiming functions do: counts and ages only, never a tenant's data.

-- A stopping worker's unfinished claims go back to their queues, ready at once; the
-- interrupted try is not counted. Returns how many were given back.
CREATE FUNCTION release_claims(claimant text) RETURNS integer
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        WITH jobs_back AS (
            UPDATE jobs SET state = 'queued', attempts = greatest(attempts - 1, 0), run_at = now(),
                lease_until = NULL, worker = NULL, updated_at = now()
            WHERE state = 'running' AND worker = claimant
            RETURNING 1
        ), deliveries_back AS (
            UPDATE webhook_deliveries SET state = 'pending', attempts = greatest(attempts - 1, 0),
                next_attempt_at = now(), lease_until = NULL, worker = NULL
            WHERE state = 'sending' AND worker = claimant
            RETURNING 1
        )
        SELECT ((SELECT count(*) FROM jobs_back) + (SELECT count(*) FROM deliveries_back))::integer
    $$;

-- Jobs by kind and state, with the age of the oldest that is due, for `/metrics`.
CREATE FUNCTION job_queue_stats() RETURNS TABLE (kind text, state text, jobs bigint, oldest_due_seconds double precision)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        SELECT kind, state, count(*),
            coalesce(extract(epoch FROM now() - min(run_at) FILTER (WHERE state = 'queued' AND run_at <= now())), 0)::double precision
        FROM jobs GROUP BY kind, state
    $$;

-- Webhook deliveries not yet done, by state, with the age of the oldest that is due.
CREATE FUNCTION webhook_backlog_stats() RETURNS TABLE (state text, deliveries bigint, oldest_due_seconds double precision)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        SELECT state, count(*),
            coalesce(extract(epoch FROM now() - min(next_attempt_at) FILTER (WHERE next_attempt_at <= now())), 0)::double precision
        FROM webhook_deliveries WHERE state IN ('pending', 'sending') GROUP BY state
    $$;

ALTER FUNCTION release_claims(text) OWNER TO vouch_queue;
ALTER FUNCTION job_queue_stats() OWNER TO vouch_queue;
ALTER FUNCTION webhook_backlog_stats() OWNER TO vouch_queue;
REVOKE ALL ON FUNCTION release_claims(text), job_queue_stats(), webhook_backlog_stats() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION release_claims(text), job_queue_stats(), webhook_backlog_stats() TO vouch_app;
