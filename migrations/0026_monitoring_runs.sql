-- Ongoing monitoring by what changed: each list version records which entities it added,
-- changed or removed against the version before it, and each tenant that monitors gets a run
-- that screens its verified applicants against those entities only. A run is the record a
-- compliance officer shows: which list version, when, how many applicants, how many candidates.
CREATE TABLE screening_list_changes (
    dataset text NOT NULL,
    version text NOT NULL,
    entity_id text NOT NULL,
    change text NOT NULL CHECK (change IN ('added', 'changed', 'removed')),
    PRIMARY KEY (dataset, version, entity_id),
    FOREIGN KEY (dataset, version) REFERENCES screening_list_versions (dataset, version) ON DELETE CASCADE
);
GRANT SELECT ON screening_list_changes TO vouch_app;

-- How many entities the version changed against the one before it; null for a dataset's first
-- version, which is new as a whole.
ALTER TABLE screening_list_versions ADD COLUMN changes integer;

CREATE TABLE monitoring_runs (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    -- `list_change`: against what one list version changed; `full`: against every list, on the
    -- tenant's schedule or for a list's first version.
    kind text NOT NULL CHECK (kind IN ('list_change', 'full')),
    dataset text,
    version text,
    state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done')),
    entities integer NOT NULL DEFAULT 0,
    applicants integer NOT NULL DEFAULT 0,
    candidates integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    CHECK ((kind = 'list_change') = (dataset IS NOT NULL AND version IS NOT NULL))
);
CREATE INDEX monitoring_runs_by_time ON monitoring_runs (tenant_id, created_at DESC, id DESC);
SELECT isolate_tenant_table('monitoring_runs');
GRANT SELECT, INSERT, UPDATE ON monitoring_runs TO vouch_app;

-- The month (`YYYY-MM`) an applicant's monitoring was last counted for billing: a run counts
-- only those not counted this month, without looking them up in the usage.
ALTER TABLE applicants ADD COLUMN monitored_month text;

-- The tenants whose current rules monitor, with their full re-screen schedule in days
-- (`screening.rescreen_days`, 30 unless set; 0 for none) and when their last full run was
-- queued: what the scheduler reads across tenants.
CREATE FUNCTION monitoring_tenants() RETURNS TABLE (tenant_id uuid, rescreen_days integer, last_full timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    SELECT r.tenant_id, coalesce((r.body -> 'screening' ->> 'rescreen_days')::integer, 30),
        (SELECT max(m.created_at) FROM monitoring_runs m WHERE m.tenant_id = r.tenant_id AND m.kind = 'full')
    FROM rule_sets r JOIN tenants t ON t.id = r.tenant_id
    WHERE t.status = 'active'
        AND r.version = (SELECT max(version) FROM rule_sets x WHERE x.tenant_id = r.tenant_id)
        AND coalesce((r.body -> 'screening' ->> 'monitoring')::boolean, false)
    $$;
REVOKE ALL ON FUNCTION monitoring_tenants() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION monitoring_tenants() TO vouch_app;
