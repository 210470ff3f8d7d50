-- Deliveries are claimed in turns across tenants: each tenant's oldest due delivery first, then
-- each one's second, and so on, so one tenant's burst no longer delays every other tenant's
-- webhooks by the time the burst takes to send. (Ownership and grants stay as they were.)
CREATE OR REPLACE FUNCTION claim_webhook_deliveries(claimant text, max_deliveries integer, lease interval)
    RETURNS TABLE (tenant_id uuid, id uuid, endpoint_id uuid, event_id uuid, attempts integer)
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        WITH due AS (
            SELECT d.tenant_id, d.id, d.next_attempt_at,
                row_number() OVER (PARTITION BY d.tenant_id ORDER BY d.next_attempt_at, d.id) AS turn
            FROM webhook_deliveries d
            WHERE d.state = 'pending' AND d.next_attempt_at <= now()
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
            lease_until = now() + lease, worker = claimant
        FROM next WHERE d.tenant_id = next.tenant_id AND d.id = next.id
        RETURNING d.tenant_id, d.id, d.endpoint_id, d.event_id, d.attempts
    $$;
