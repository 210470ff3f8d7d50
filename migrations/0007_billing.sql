-- Plans: what each billable kind costs a tenant, and its request limits.

CREATE TABLE plans (
    name text PRIMARY KEY CHECK (name ~ '^[a-z0-9_-]{1,40}$'),
    currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    -- Price per unit in the currency's minor unit (cents), by usage kind.
    prices jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO plans (name, currency, prices) VALUES
    ('standard', 'EUR', '{"applicant_verified": 100, "document_checked": 10, "screening_call": 25, "regulator_call": 40}');

ALTER TABLE tenants ADD COLUMN plan text NOT NULL DEFAULT 'standard' REFERENCES plans (name);

-- Plans are the operator's price list, the same for every tenant: readable by the server.
GRANT SELECT ON plans TO vouch_app;
REVOKE INSERT, UPDATE, DELETE ON plans FROM vouch_app;
