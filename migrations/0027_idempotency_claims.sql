-- Each claim of an Idempotency-Key carries an id of its own, so that a request that failed
-- because the database went away (a failover) frees exactly its own claim once the database is
-- back, even when it cannot tell whether its claim was committed, and never another request's.
ALTER TABLE idempotency_keys ADD COLUMN claim_id uuid;
