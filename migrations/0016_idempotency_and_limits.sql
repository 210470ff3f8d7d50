-- Idempotency records belong to the API key that made them, hold their response sealed under
-- the tenant's data key, name the applicant the response is about (so erasing the applicant
-- erases them), and are swept once they expire.
--
-- Records made before this migration name no key and hold plaintext: they are dropped (a
-- client retrying one of them runs its request again, as after 24 hours).
DELETE FROM idempotency_keys;
ALTER TABLE idempotency_keys
    ADD COLUMN api_key_id uuid NOT NULL,
    ADD COLUMN applicant_id uuid,
    -- The tenant data key that sealed response_sealed.
    ADD COLUMN response_key_id uuid,
    ADD CONSTRAINT idempotency_keys_api_key_fkey FOREIGN KEY (tenant_id, api_key_id) REFERENCES api_keys (tenant_id, id);
ALTER TABLE idempotency_keys RENAME COLUMN response_body TO response_sealed;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys ADD PRIMARY KEY (tenant_id, api_key_id, key);
CREATE INDEX idempotency_keys_by_applicant ON idempotency_keys (tenant_id, applicant_id) WHERE applicant_id IS NOT NULL;
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

-- The sweeper deletes expired records across tenants through this function, as the queue's
-- role: it sees every tenant's records and may delete them, nothing else. The 24 hours are
-- IdempotencyRepository.lifetime; the server cannot pass a later cutoff to delete live records.
GRANT SELECT, DELETE ON idempotency_keys TO vouch_queue;
CREATE POLICY expiry_sweep ON idempotency_keys TO vouch_queue USING (true);

-- Deletes up to max_rows records older than 24 hours; returns how many it deleted.
CREATE FUNCTION sweep_idempotency_keys(max_rows integer) RETURNS integer
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        WITH expired AS (
            DELETE FROM idempotency_keys WHERE (tenant_id, api_key_id, key) IN (
                SELECT tenant_id, api_key_id, key FROM idempotency_keys
                WHERE created_at < now() - interval '24 hours' LIMIT max_rows
            )
            RETURNING 1
        )
        SELECT count(*)::integer FROM expired
    $$;
ALTER FUNCTION sweep_idempotency_keys(integer) OWNER TO vouch_queue;
REVOKE ALL ON FUNCTION sweep_idempotency_keys(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sweep_idempotency_keys(integer) TO vouch_app;

-- How many webhook endpoints a tenant may have: each event writes one delivery per endpoint
-- inside the event's transaction.
ALTER TABLE plans ADD COLUMN webhook_endpoint_limit integer NOT NULL DEFAULT 20 CHECK (webhook_endpoint_limit >= 1);
