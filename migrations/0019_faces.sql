-- Faces: the selfie's face descriptor (biometric data, 128 numbers), sealed under the document's
-- data key like its bytes and cleared by erasure with them; the face check's answers among the
-- applicant's checks; and its price.
ALTER TABLE documents ADD COLUMN face_descriptor bytea;

ALTER TABLE applicant_checks DROP CONSTRAINT applicant_checks_kind_check;
ALTER TABLE applicant_checks ADD CONSTRAINT applicant_checks_kind_check
    CHECK (kind IN ('screening', 'regulator', 'decision', 'face'));

UPDATE plans SET prices = prices || '{"face_match": 20}'::jsonb WHERE NOT prices ? 'face_match';
