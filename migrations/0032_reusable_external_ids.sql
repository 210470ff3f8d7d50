-- An erased applicant's external_user_id may be given to a new applicant: only applicants not
-- erased hold theirs uniquely. The tombstone keeps its id, so lookups by external_user_id list
-- both, the new one first.
CREATE UNIQUE INDEX applicants_unerased_external_user_id ON applicants (tenant_id, external_user_id)
    WHERE erased_at IS NULL;
ALTER TABLE applicants DROP CONSTRAINT applicants_external_user_id_key;
