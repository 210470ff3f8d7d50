-- Webhooks: merchants' endpoints, one delivery per event and endpoint, and every attempt.

CREATE TABLE webhook_endpoints (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    url text NOT NULL,
    description text NOT NULL DEFAULT '',
    -- Empty: every event type.
    event_types text[] NOT NULL DEFAULT '{}',
    status text NOT NULL DEFAULT 'enabled' CHECK (status IN ('enabled', 'paused', 'disabled')),
    disabled_reason text,
    -- AES-GCM under a key derived from the master key, bound to tenant and endpoint.
    secret_sealed bytea NOT NULL,
    -- During a rotation the old secret keeps signing until it expires.
    previous_secret_sealed bytea,
    previous_secret_expires_at timestamptz,
    -- Since when every delivery has failed (NULL after a success): five days disable it.
    failing_since timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE webhook_deliveries (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    endpoint_id uuid NOT NULL,
    event_id uuid NOT NULL,
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'delivered', 'dead')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    lease_until timestamptz,
    worker text,
    last_status integer,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    delivered_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_leased ON webhook_deliveries (lease_until) WHERE state = 'sending';
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (tenant_id, endpoint_id, created_at DESC);

CREATE TABLE webhook_attempts (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    delivery_id uuid NOT NULL,
    attempted_at timestamptz NOT NULL,
    status_code integer,
    latency_ms integer NOT NULL,
    error text,
    response_body text,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, delivery_id) REFERENCES webhook_deliveries (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (tenant_id, delivery_id, attempted_at);

SELECT isolate_tenant_table(name) FROM unnest(ARRAY['webhook_endpoints', 'webhook_deliveries', 'webhook_attempts']) AS name;

-- Delivery senders claim across tenants through these functions only, as workers claim jobs.
GRANT SELECT, UPDATE ON webhook_deliveries TO vouch_queue;
CREATE POLICY queue_claims ON webhook_deliveries TO vouch_queue USING (true) WITH CHECK (true);

CREATE FUNCTION claim_webhook_deliveries(claimant text, max_deliveries integer, lease interval)
    RETURNS TABLE (tenant_id uuid, id uuid, endpoint_id uuid, event_id uuid, attempts integer)
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        WITH next AS (
            SELECT d.tenant_id, d.id FROM webhook_deliveries d
            WHERE d.state = 'pending' AND d.next_attempt_at <= now()
            ORDER BY d.next_attempt_at
            LIMIT max_deliveries
            FOR UPDATE SKIP LOCKED
        )
        UPDATE webhook_deliveries d SET state = 'sending', attempts = d.attempts + 1,
            lease_until = now() + lease, worker = claimant
        FROM next WHERE d.tenant_id = next.tenant_id AND d.id = next.id
        RETURNING d.tenant_id, d.id, d.endpoint_id, d.event_id, d.attempts
    $$;

-- Deliveries whose sender vanished go back to pending: at least once, never lost.
CREATE FUNCTION recover_expired_webhook_deliveries() RETURNS integer
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        WITH expired AS (
            UPDATE webhook_deliveries SET state = 'pending', lease_until = NULL, worker = NULL,
                next_attempt_at = now(), last_error = coalesce(last_error, 'lease expired')
            WHERE state = 'sending' AND lease_until < now()
            RETURNING 1
        )
        SELECT count(*)::integer FROM expired
    $$;

ALTER FUNCTION claim_webhook_deliveries(text, integer, interval) OWNER TO vouch_queue;
ALTER FUNCTION recover_expired_webhook_deliveries() OWNER TO vouch_queue;
REVOKE ALL ON FUNCTION claim_webhook_deliveries(text, integer, interval), recover_expired_webhook_deliveries() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_webhook_deliveries(text, integer, interval), recover_expired_webhook_deliveries() TO vouch_app;

GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints, webhook_deliveries TO vouch_app;
GRANT SELECT, INSERT ON webhook_attempts TO vouch_app;
REVOKE UPDATE, DELETE ON webhook_attempts FROM vouch_app;
