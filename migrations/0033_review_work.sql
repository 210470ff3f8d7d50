-- Review cases are worked by people: a case is assigned to a reviewer, and reviewers leave notes
-- on it. The assignee is the merchant's name for its reviewer (an email, a login). Notes are
-- free text about a person: an erasure deletes them, and they go with their case.
ALTER TABLE reviews ADD COLUMN assignee text CHECK (length(assignee) BETWEEN 1 AND 200),
    ADD COLUMN assigned_at timestamptz;
CREATE INDEX reviews_by_assignee ON reviews (tenant_id, assignee, id DESC) WHERE assignee IS NOT NULL;

CREATE TABLE review_notes (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    review_id uuid NOT NULL,
    applicant_id uuid NOT NULL,
    -- The API key that wrote it, and the merchant's name for the person, when given.
    created_by uuid NOT NULL,
    author text CHECK (length(author) BETWEEN 1 AND 200),
    body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, review_id) REFERENCES reviews (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX review_notes_by_review ON review_notes (tenant_id, review_id, id);
CREATE INDEX review_notes_by_applicant ON review_notes (tenant_id, applicant_id);
SELECT isolate_tenant_table('review_notes');
GRANT SELECT, INSERT, DELETE ON review_notes TO vouch_app;

-- A reviewer may close a case by rejecting one document, which the end user then uploads again.
ALTER TABLE reviews DROP CONSTRAINT reviews_decision_check;
ALTER TABLE reviews ADD CONSTRAINT reviews_decision_check CHECK (decision IN ('approve', 'reject', 'reject_document'));
