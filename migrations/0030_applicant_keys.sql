-- Personal data sealed under a key of each applicant's own.
--
-- An applicant key (AES-256) is wrapped by the tenant's data key, with the tenant, the applicant
-- and the key's id as associated data. What is personal about an applicant is sealed under it:
-- the profile, the zones and fields the merchant claimed for a document, the document bytes,
-- what the checks read from them and the face descriptors. Erasure destroys the wrapped key
-- (wrapped_key becomes NULL), after which nothing sealed under it can be opened again.
CREATE TABLE applicant_keys (
    tenant_id uuid NOT NULL,
    applicant_id uuid NOT NULL,
    id uuid NOT NULL,
    data_key_id uuid NOT NULL,
    wrapped_key bytea,
    created_at timestamptz NOT NULL,
    destroyed_at timestamptz,
    PRIMARY KEY (tenant_id, applicant_id),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, applicant_id) REFERENCES applicants (tenant_id, id),
    CONSTRAINT applicant_keys_destroyed CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
);
SELECT isolate_tenant_table('applicant_keys');
GRANT SELECT, INSERT, UPDATE ON applicant_keys TO vouch_app;

-- The profile, sealed; and keyed blind indexes (HMAC-SHA256 under a key of the tenant's, of the
-- normalised value) for the lookups that need equality: by email, by full name. The plaintext
-- columns stay for rows not yet sealed: `vouch keys seal-existing` moves them, in batches.
ALTER TABLE applicants ADD COLUMN profile_sealed bytea,
    ADD COLUMN email_index bytea,
    ADD COLUMN name_index bytea;
CREATE INDEX applicants_email_index ON applicants (tenant_id, email_index) WHERE email_index IS NOT NULL;
CREATE INDEX applicants_name_index ON applicants (tenant_id, name_index) WHERE name_index IS NOT NULL;

-- A document's claimed zone and fields, sealed under its applicant's key.
ALTER TABLE documents ADD COLUMN claims_sealed bytea;

-- The tenant whose data key is the oldest: a starting server unwraps that key (in the tenant's
-- scope) to prove its master key is the one this database's keys are wrapped by, before it
-- serves or wraps anything. An id only crosses tenants, as in the queue's functions.
CREATE FUNCTION master_key_probe_tenant() RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT tenant_id FROM tenant_data_keys ORDER BY created_at, id LIMIT 1 $$;
REVOKE ALL ON FUNCTION master_key_probe_tenant() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION master_key_probe_tenant() TO vouch_app;
