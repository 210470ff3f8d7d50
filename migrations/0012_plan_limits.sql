-- Plans carry their request limits, and each usage event carries the price it was counted at,
-- so a changed price list or a tenant's new plan never changes a closed period's bill.

ALTER TABLE plans
    ADD COLUMN key_requests_per_second integer CHECK (key_requests_per_second >= 1),
    ADD COLUMN tenant_requests_per_second integer CHECK (tenant_requests_per_second >= 1),
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
COMMENT ON COLUMN plans.key_requests_per_second IS 'NULL: the server''s configured default';

ALTER TABLE usage_events
    ADD COLUMN plan text,
    ADD COLUMN currency text,
    ADD COLUMN unit_price bigint;

-- Events counted before prices were recorded per event are priced by the plan their tenant has now.
UPDATE usage_events u
SET plan = p.name, currency = p.currency, unit_price = coalesce((p.prices ->> u.kind)::bigint, 0)
FROM tenants t JOIN plans p ON p.name = t.plan
WHERE t.id = u.tenant_id AND u.plan IS NULL;

ALTER TABLE usage_events
    ALTER COLUMN plan SET NOT NULL,
    ALTER COLUMN currency SET NOT NULL,
    ALTER COLUMN unit_price SET NOT NULL;
