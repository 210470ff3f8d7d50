-- The foundation: tenants, their keys, applicants and versioned documents.
--
-- Every tenant table leads its keys and indexes with tenant_id, is protected by row-level
-- security (enabled and FORCEd), and the large ones are hash-partitioned by tenant_id, so the
-- schema can be distributed by tenant_id later without changes.

-- The server's role: logs in, owns nothing, cannot bypass row-level security. Roles belong to
-- the cluster, so several databases migrating at once may race to create it.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vouch_app') THEN
        CREATE ROLE vouch_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;

-- The tenant of the current transaction, set by the server with
-- set_config('app.tenant_id', …, true). Unset means no tenant: every policy then matches nothing.
CREATE FUNCTION current_tenant_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;

CREATE TABLE tenants (
    id uuid PRIMARY KEY,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A tenant's data keys, each wrapped (AES-256-GCM) by the operator's master key.
CREATE TABLE tenant_data_keys (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    wrapped_key bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

-- API keys: the secret is never stored, only its SHA-256. The key's text carries the tenant id
-- and a lookup prefix, so authentication finds the row through the primary key's tenant.
CREATE TABLE api_keys (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    lookup_prefix text NOT NULL,
    secret_hash bytea NOT NULL,
    scopes text[] NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, lookup_prefix)
);

-- The seed's user_kyc_status: one row per end user of a merchant.
CREATE TABLE applicants (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    external_user_id text NOT NULL,
    first_name text,
    last_name text,
    date_of_birth date,
    nationality text,
    country_of_residence text,
    email text,
    address jsonb,
    -- A decision that overrides the status derived from the documents (set by the pipeline).
    decision text CHECK (decision IN ('verified', 'rejected', 'in_review')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT applicants_external_user_id_key UNIQUE (tenant_id, external_user_id)
) PARTITION BY HASH (tenant_id);

-- The seed's user_kyc_doc_history: one row per uploaded version, never overwritten.
CREATE TABLE documents (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    applicant_id uuid NOT NULL,
    doc_type text NOT NULL CHECK (doc_type IN ('ID_FRONT', 'ID_BACK', 'PROOF_OF_ADDRESS', 'SELFIE')),
    version integer NOT NULL CHECK (version >= 1),
    status text NOT NULL DEFAULT 'SUBMITTED'
        CHECK (status IN ('SUBMITTED', 'PROCESSING', 'VERIFIED', 'REJECTED', 'IN_REVIEW')),
    rejection_reasons text[] NOT NULL DEFAULT '{}',
    content_type text NOT NULL,
    size_bytes integer NOT NULL CHECK (size_bytes > 0),
    sha256 bytea NOT NULL,
    data_key_id uuid NOT NULL,
    mrz text,
    fields jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, applicant_id, doc_type, version),
    FOREIGN KEY (tenant_id, applicant_id) REFERENCES applicants (tenant_id, id)
) PARTITION BY HASH (tenant_id);

-- The encrypted bytes, apart from the metadata so listings never read them.
CREATE TABLE document_files (
    tenant_id uuid NOT NULL,
    document_id uuid NOT NULL,
    sealed bytea NOT NULL,
    PRIMARY KEY (tenant_id, document_id),
    FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id)
) PARTITION BY HASH (tenant_id);

-- The seed's user_kyc_doc_status: the current version of each document type.
CREATE TABLE current_documents (
    tenant_id uuid NOT NULL,
    applicant_id uuid NOT NULL,
    doc_type text NOT NULL,
    document_id uuid NOT NULL,
    PRIMARY KEY (tenant_id, applicant_id, doc_type),
    FOREIGN KEY (tenant_id, applicant_id) REFERENCES applicants (tenant_id, id),
    FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id)
);

-- Idempotency-Key records: the first response to a key, replayed for 24 hours.
CREATE TABLE idempotency_keys (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    key text NOT NULL,
    request_hash bytea NOT NULL,
    state text NOT NULL CHECK (state IN ('in_progress', 'completed')),
    response_status integer,
    response_content_type text,
    response_body bytea,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, key)
);

-- Eight hash partitions per partitioned table; more can be attached by re-partitioning later.
-- current_documents stays one table: it is small (four rows an applicant) and read on every
-- status request, where each partition costs a lock and an executor node.
DO $$
DECLARE
    parent text;
    remainder integer;
BEGIN
    FOREACH parent IN ARRAY ARRAY['applicants', 'documents', 'document_files'] LOOP
        FOR remainder IN 0..7 LOOP
            EXECUTE format(
                'CREATE TABLE %I PARTITION OF %I FOR VALUES WITH (MODULUS 8, REMAINDER %s)',
                parent || '_p' || remainder, parent, remainder);
        END LOOP;
    END LOOP;
END
$$;

-- Row-level security on every tenant table, forced even for the owner.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
    USING (id = current_tenant_id()) WITH CHECK (id = current_tenant_id());

DO $$
DECLARE
    tenant_table text;
BEGIN
    FOREACH tenant_table IN ARRAY ARRAY[
        'tenant_data_keys', 'api_keys', 'applicants', 'documents', 'document_files',
        'current_documents', 'idempotency_keys'
    ] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tenant_table);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
            'WITH CHECK (tenant_id = current_tenant_id())', tenant_table);
    END LOOP;
END
$$;

GRANT USAGE ON SCHEMA public TO vouch_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO vouch_app;
REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM vouch_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO vouch_app;
