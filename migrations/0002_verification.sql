-- Verification: rule sets, the job queue, check results, the event outbox and the review queue.

-- Each PUT of a tenant's rules is a new version; the highest is in force. No row = the defaults.
CREATE TABLE rule_sets (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    version integer NOT NULL CHECK (version >= 1),
    body jsonb NOT NULL,
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, version)
);

-- What the document checks found, and the keyed hash of the document number for duplicates.
ALTER TABLE documents
    ADD COLUMN checks jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN signals jsonb,
    ADD COLUMN document_number_hash bytea;
CREATE INDEX documents_sha256 ON documents (tenant_id, sha256);
CREATE INDEX documents_number_hash ON documents (tenant_id, document_number_hash)
    WHERE document_number_hash IS NOT NULL;

-- Why the applicant has the decision it has, and when it was taken.
ALTER TABLE applicants
    ADD COLUMN decision_reasons text[] NOT NULL DEFAULT '{}',
    ADD COLUMN decided_at timestamptz;

-- Applicant-level checks (screening, regulator) and decisions, one row per run, newest wins.
CREATE TABLE applicant_checks (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    applicant_id uuid NOT NULL,
    kind text NOT NULL CHECK (kind IN ('screening', 'regulator', 'decision')),
    status text NOT NULL,
    result jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, applicant_id) REFERENCES applicants (tenant_id, id)
) PARTITION BY HASH (tenant_id);
CREATE INDEX applicant_checks_by_applicant ON applicant_checks (tenant_id, applicant_id, kind, created_at DESC);

-- The outbox: every state change writes its event in the same transaction.
CREATE TABLE events (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    type text NOT NULL,
    subject_id uuid NOT NULL,
    data jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
) PARTITION BY HASH (tenant_id);
CREATE INDEX events_by_subject ON events (tenant_id, subject_id, created_at);

-- The manual review queue.
CREATE TABLE reviews (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    applicant_id uuid NOT NULL,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    reasons text[] NOT NULL,
    decision text CHECK (decision IN ('approve', 'reject')),
    decision_reason text,
    decided_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    decided_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, applicant_id) REFERENCES applicants (tenant_id, id)
);
-- At most one open case per applicant.
CREATE UNIQUE INDEX reviews_one_open ON reviews (tenant_id, applicant_id) WHERE status = 'open';
CREATE INDEX reviews_by_status ON reviews (tenant_id, status, created_at DESC);

-- The job queue. Workers claim across tenants through claim_jobs() only; everything else about a
-- job happens inside its tenant's transaction, under the same row-level security as the rest.
CREATE TABLE jobs (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    kind text NOT NULL CHECK (kind IN ('check_document', 'decide_applicant')),
    subject_id uuid NOT NULL,
    -- Lower runs first: 0 interactive (an upload waiting for its verdict), 10 batch.
    priority smallint NOT NULL DEFAULT 0,
    state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'dead')),
    attempts integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL DEFAULT 8 CHECK (max_attempts >= 1),
    run_at timestamptz NOT NULL DEFAULT now(),
    lease_until timestamptz,
    worker text,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
-- The queue is shared by all tenants: its claim index orders by urgency, not by tenant.
CREATE INDEX jobs_ready ON jobs (priority, run_at) WHERE state = 'queued';
CREATE INDEX jobs_leased ON jobs (lease_until) WHERE state = 'running';
-- One queued job per subject and kind: enqueueing again while one waits is a no-op.
CREATE UNIQUE INDEX jobs_one_queued ON jobs (tenant_id, kind, subject_id) WHERE state = 'queued';

DO $$
DECLARE
    parent text;
    remainder integer;
BEGIN
    FOREACH parent IN ARRAY ARRAY['applicant_checks', 'events'] LOOP
        FOR remainder IN 0..7 LOOP
            EXECUTE format(
                'CREATE TABLE %I PARTITION OF %I FOR VALUES WITH (MODULUS 8, REMAINDER %s)',
                parent || '_p' || remainder, parent, remainder);
        END LOOP;
    END LOOP;
END
$$;

DO $$
DECLARE
    tenant_table text;
BEGIN
    FOREACH tenant_table IN ARRAY ARRAY['rule_sets', 'applicant_checks', 'events', 'reviews', 'jobs'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tenant_table);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
            'WITH CHECK (tenant_id = current_tenant_id())', tenant_table);
    END LOOP;
END
$$;

-- The queue's own role: it logs in never, and its one policy lets it see every tenant's jobs —
-- nothing else. The claiming functions run as this role (SECURITY DEFINER), so the server gets
-- exactly "claim the next jobs" across tenants and no other cross-tenant power.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vouch_queue') THEN
        CREATE ROLE vouch_queue NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;
GRANT USAGE ON SCHEMA public TO vouch_queue;
GRANT SELECT, UPDATE ON jobs TO vouch_queue;
CREATE POLICY queue_claims ON jobs TO vouch_queue USING (true) WITH CHECK (true);

-- Claims up to max_jobs ready jobs, most urgent first, skipping rows other workers hold.
CREATE FUNCTION claim_jobs(claimant text, max_jobs integer, lease interval)
    RETURNS TABLE (tenant_id uuid, id uuid, kind text, subject_id uuid, attempts integer, max_attempts integer)
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        WITH next AS (
            SELECT j.tenant_id, j.id FROM jobs j
            WHERE j.state = 'queued' AND j.run_at <= now()
            ORDER BY j.priority, j.run_at
            LIMIT max_jobs
            FOR UPDATE SKIP LOCKED
        )
        UPDATE jobs j SET state = 'running', attempts = j.attempts + 1, lease_until = now() + lease,
            worker = claimant, updated_at = now()
        FROM next WHERE j.tenant_id = next.tenant_id AND j.id = next.id
        RETURNING j.tenant_id, j.id, j.kind, j.subject_id, j.attempts, j.max_attempts
    $$;

-- Jobs whose worker vanished (lease expired) go back to the queue, or to 'dead' after their last try.
-- Returns how many were recovered.
CREATE FUNCTION recover_expired_jobs() RETURNS integer
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        WITH expired AS (
            UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
                run_at = now(), lease_until = NULL, worker = NULL,
                last_error = coalesce(last_error, 'lease expired'), updated_at = now()
            WHERE state = 'running' AND lease_until < now()
            RETURNING 1
        )
        SELECT count(*)::integer FROM expired
    $$;

-- How many jobs wait, run and are dead, across tenants (for operators; no tenant data).
CREATE FUNCTION job_counts() RETURNS TABLE (state text, jobs bigint)
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT state, count(*) FROM jobs GROUP BY state $$;

ALTER FUNCTION claim_jobs(text, integer, interval) OWNER TO vouch_queue;
ALTER FUNCTION recover_expired_jobs() OWNER TO vouch_queue;
ALTER FUNCTION job_counts() OWNER TO vouch_queue;
REVOKE ALL ON FUNCTION claim_jobs(text, integer, interval), recover_expired_jobs(), job_counts() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_jobs(text, integer, interval), recover_expired_jobs(), job_counts() TO vouch_app;

GRANT SELECT, INSERT, UPDATE, DELETE ON rule_sets, applicant_checks, events, reviews, jobs TO vouch_app;
