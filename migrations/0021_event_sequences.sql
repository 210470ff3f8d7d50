-- Events a receiver can put in order: each event about an applicant carries that applicant's
-- next sequence number (1, 2, 3 … without gaps), taken from the applicant's row in the
-- transaction that writes the event. The row stays locked until commit, so sequence order is
-- also commit order. Stop the instances of the previous release before migrating: they would
-- write events without a number.

-- The backfill must see every tenant's rows: an owner that row-level security would limit
-- fails here instead of numbering nothing.
SET LOCAL row_security = off;
ALTER TABLE applicants ADD COLUMN event_sequence bigint NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN applicant_id uuid, ADD COLUMN sequence bigint;

-- Events written before: their applicant is the subject (applicant.*) or named in the data, as
-- the API shows ids (`app_` and 32 hex digits).
UPDATE events e SET applicant_id = a.id
FROM applicants a
WHERE a.tenant_id = e.tenant_id
    AND CASE WHEN e.type LIKE 'applicant.%' THEN a.id = e.subject_id
        ELSE 'app_' || replace(a.id::text, '-', '') = e.data ->> 'applicant_id' END;

UPDATE events e SET sequence = numbered.sequence
FROM (
    SELECT tenant_id, id, row_number() OVER (PARTITION BY tenant_id, applicant_id ORDER BY created_at, id) AS sequence
    FROM events WHERE applicant_id IS NOT NULL
) numbered
WHERE numbered.tenant_id = e.tenant_id AND numbered.id = e.id;

UPDATE applicants a SET event_sequence = latest.sequence
FROM (SELECT tenant_id, applicant_id, max(sequence) AS sequence FROM events WHERE applicant_id IS NOT NULL GROUP BY 1, 2) latest
WHERE latest.tenant_id = a.tenant_id AND latest.applicant_id = a.id;

ALTER TABLE events ADD CONSTRAINT events_sequenced CHECK ((applicant_id IS NULL) = (sequence IS NULL));
CREATE UNIQUE INDEX events_by_applicant ON events (tenant_id, applicant_id, sequence);

-- What an endpoint receives: the full snapshot (`full`) or only ids, type and sequence
-- (`thin`), for receivers that fetch the current state and never apply a stale one.
ALTER TABLE webhook_endpoints ADD COLUMN payload text NOT NULL DEFAULT 'full' CHECK (payload IN ('full', 'thin'));
