-- The instance's signing keys (Ed25519): what Vouch signs on its own behalf, the deletion
-- certificates. The secret half is sealed under the master key; a rotated-out key stays listed
-- (retired) and published at /.well-known/vouch-keys, so that what it signed still verifies.
CREATE TABLE signing_keys (
    id text PRIMARY KEY,
    public_key bytea NOT NULL CHECK (octet_length(public_key) = 32),
    private_key_sealed bytea NOT NULL,
    created_at timestamptz NOT NULL,
    retired_at timestamptz
);
-- One key signs at a time; two servers creating the first key at once create one.
CREATE UNIQUE INDEX signing_keys_one_in_force ON signing_keys ((true)) WHERE retired_at IS NULL;
GRANT SELECT, INSERT ON signing_keys TO vouch_app;

-- One certificate per erased applicant, written in the erasure's transaction: the signed
-- statement (a JWS) of what was destroyed, served again for as long as the tombstone lives.
CREATE TABLE deletion_certificates (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    applicant_id uuid NOT NULL,
    jws text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, applicant_id)
);
SELECT isolate_tenant_table('deletion_certificates');
GRANT SELECT, INSERT ON deletion_certificates TO vouch_app;
