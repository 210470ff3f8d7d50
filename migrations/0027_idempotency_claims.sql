-- Each claim of an Idempotency-Key carries an id of its own, so that a request that failed
-- because the database went away (a failover) frees exactly its own claim once the database is
-- back, even when it cannot tell whether its claim was committed, and never another request's.
ALTER TABLE idempotency_keys ADD COLUMN claim_id uuid;

-- A request cut off while its writes were being committed leaves its key 'uncertain': it may have
-- taken effect, so the key neither replays nor runs it again until it expires.
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_state_check;
ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_state_check
    CHECK (state IN ('in_progress', 'completed', 'uncertain'));
