-- The audit log: who did what to which object, and when, per tenant, append-only and
-- hash-chained. Each row's hash covers the previous row's hash and the row's own fields, so a
-- row changed or removed afterwards breaks the chain from there on (`vouch audit verify`).

CREATE TABLE audit_events (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    seq bigint NOT NULL,
    id uuid NOT NULL,
    occurred_at timestamptz NOT NULL,
    actor_type text NOT NULL CHECK (actor_type IN ('api_key', 'applicant_session', 'operator', 'system')),
    actor_id text NOT NULL,
    action text NOT NULL,
    object_type text NOT NULL,
    object_id text NOT NULL,
    request_id text NOT NULL DEFAULT '',
    details jsonb NOT NULL DEFAULT '{}',
    prev_hash bytea NOT NULL,
    hash bytea NOT NULL,
    PRIMARY KEY (tenant_id, seq),
    UNIQUE (tenant_id, id)
);
CREATE INDEX audit_events_object ON audit_events (tenant_id, object_id, seq);

-- The end of each tenant's chain: the last row's number and hash. Removing the newest rows
-- leaves the head pointing past them, so a shortened chain is caught too.
CREATE TABLE audit_heads (
    tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
    seq bigint NOT NULL,
    hash bytea NOT NULL
);

SELECT isolate_tenant_table(name) FROM unnest(ARRAY['audit_events', 'audit_heads']) AS name;

-- The text a row's hash covers: every field, each prefixed by its length in bytes so that no
-- two rows share a text. `vouch audit verify` builds the same text on its own, from the values.
CREATE FUNCTION audit_row_text(e audit_events) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
        SELECT string_agg(octet_length(field) || ':' || field, '' ORDER BY position)
        FROM unnest(ARRAY[
            e.tenant_id::text, e.seq::text, e.id::text,
            (extract(epoch FROM e.occurred_at) * 1000000)::bigint::text,
            e.actor_type, e.actor_id, e.action, e.object_type, e.object_id, e.request_id,
            e.details::text
        ]) WITH ORDINALITY AS f (field, position)
    $$;

-- Numbers and chains each new row. The head's row lock orders a tenant's audit writes; rows are
-- written last in their transaction, so the lock is held only while it commits.
CREATE FUNCTION audit_chain() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    DECLARE
        head audit_heads;
    BEGIN
        INSERT INTO audit_heads (tenant_id, seq, hash) VALUES (NEW.tenant_id, 0, '\x'::bytea)
            ON CONFLICT (tenant_id) DO NOTHING;
        SELECT * INTO head FROM audit_heads WHERE tenant_id = NEW.tenant_id FOR UPDATE;
        NEW.seq := head.seq + 1;
        NEW.prev_hash := head.hash;
        NEW.hash := sha256(NEW.prev_hash || convert_to(audit_row_text(NEW), 'UTF8'));
        UPDATE audit_heads SET seq = NEW.seq, hash = NEW.hash WHERE tenant_id = NEW.tenant_id;
        RETURN NEW;
    END
    $$;
REVOKE ALL ON FUNCTION audit_chain() FROM PUBLIC;
CREATE TRIGGER audit_chain BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_chain();

-- Append-only for the server: it adds rows and reads its tenant's; the head is the trigger's.
REVOKE ALL ON audit_events, audit_heads FROM vouch_app;
GRANT SELECT, INSERT ON audit_events TO vouch_app;
GRANT SELECT ON audit_heads TO vouch_app;
