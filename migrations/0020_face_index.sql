-- When each selfie's sealed face descriptor was stored: the workers' in-memory face index reads
-- only what was stored since it last looked (with an overlap for transactions that commit late).
ALTER TABLE documents ADD COLUMN face_stored_at timestamptz;
