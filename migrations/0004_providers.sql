-- External checks: regulator references awaiting their callback, and usage for billing.

-- A regulator check Vouch started, by the reference Vouch sent. 'pending' until the regulator's
-- callback brings the answer; a callback for a completed reference changes nothing.
CREATE TABLE regulator_references (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    reference text NOT NULL,
    applicant_id uuid NOT NULL,
    status text NOT NULL CHECK (status IN ('pending', 'match', 'no_match')),
    created_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    PRIMARY KEY (tenant_id, reference),
    FOREIGN KEY (tenant_id, applicant_id) REFERENCES applicants (tenant_id, id)
);
-- References are globally unique (Vouch makes them from UUIDv7), so a callback finds its tenant.
CREATE UNIQUE INDEX regulator_references_by_reference ON regulator_references (reference);

-- Every billable action, once: the key names the action (a provider call is keyed by the
-- check row that recorded it), so a retried transaction can never count it twice.
CREATE TABLE usage_events (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    kind text NOT NULL,
    applicant_id uuid,
    outcome text NOT NULL,
    quantity integer NOT NULL DEFAULT 1 CHECK (quantity > 0),
    idempotency_key text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, idempotency_key)
);
CREATE INDEX usage_events_by_day ON usage_events (tenant_id, created_at);

-- Row-level security as every tenant table has it, in one place for the migrations from here on.
CREATE FUNCTION isolate_tenant_table(tenant_table text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format(
        'CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
        'WITH CHECK (tenant_id = current_tenant_id())', tenant_table);
END
$$;
REVOKE ALL ON FUNCTION isolate_tenant_table(text) FROM PUBLIC;

SELECT isolate_tenant_table(name) FROM unnest(ARRAY['regulator_references', 'usage_events']) AS name;

-- The callback's role: it logs in never and may only read which tenant a reference belongs to.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vouch_callbacks') THEN
        CREATE ROLE vouch_callbacks NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;
GRANT USAGE ON SCHEMA public TO vouch_callbacks;
GRANT SELECT (tenant_id, reference) ON regulator_references TO vouch_callbacks;
CREATE POLICY callback_lookup ON regulator_references FOR SELECT TO vouch_callbacks USING (true);

-- The tenant a regulator reference belongs to: the one cross-tenant fact a callback needs
-- before it can work inside that tenant's row-level security like every other request.
CREATE FUNCTION regulator_reference_tenant(ref text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT tenant_id FROM regulator_references WHERE reference = ref $$;
ALTER FUNCTION regulator_reference_tenant(text) OWNER TO vouch_callbacks;
REVOKE ALL ON FUNCTION regulator_reference_tenant(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION regulator_reference_tenant(text) TO vouch_app;

GRANT SELECT, INSERT, UPDATE ON regulator_references TO vouch_app;
GRANT SELECT, INSERT ON usage_events TO vouch_app;
-- Usage is append-only for the server: a counted action stays counted.
REVOKE UPDATE, DELETE ON usage_events FROM vouch_app;
