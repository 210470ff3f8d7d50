-- Erasure: an applicant's documents and personal data destroyed, a tombstone kept.
ALTER TABLE applicants ADD COLUMN erased_at timestamptz;
-- Erasing deletes the sealed bytes (the only copy: without them nothing can be decrypted).
GRANT DELETE ON document_files TO vouch_app;
