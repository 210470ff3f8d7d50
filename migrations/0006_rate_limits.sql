-- Rate limits shared by every instance: one arrival time per limited bucket (an API key or the
-- tenant). UNLOGGED: losing it in a crash only forgets recent bursts, and it spares the WAL a
-- write per request.
CREATE UNLOGGED TABLE rate_limits (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    bucket text NOT NULL,
    -- GCRA's theoretical arrival time of the next request, in Unix seconds.
    arrival double precision NOT NULL,
    PRIMARY KEY (tenant_id, bucket)
);
SELECT isolate_tenant_table('rate_limits');
GRANT SELECT, INSERT, UPDATE ON rate_limits TO vouch_app;
REVOKE DELETE ON rate_limits FROM vouch_app;
