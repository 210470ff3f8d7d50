-- A reviewer's clearance of a screening candidate for one applicant: the candidate is a false
-- positive for this person, in the version of its entry that was cleared. Screening the
-- applicant again records it as cleared rather than raising it, until the list changes the entry.
CREATE TABLE screening_clearances (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    applicant_id uuid NOT NULL,
    candidate_id text NOT NULL CHECK (length(candidate_id) BETWEEN 1 AND 200),
    entry_version text NOT NULL,
    caption text NOT NULL,
    reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    cleared_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, applicant_id) REFERENCES applicants (tenant_id, id),
    UNIQUE (tenant_id, applicant_id, candidate_id, entry_version)
);
SELECT isolate_tenant_table('screening_clearances');
GRANT SELECT, INSERT, DELETE ON screening_clearances TO vouch_app;

-- Screening an applicant again, on request: its own kind of job.
ALTER TABLE jobs DROP CONSTRAINT jobs_kind_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_kind_check CHECK (kind IN ('check_document', 'decide_applicant', 'screen_applicant'));
