-- What the document check read from a document's zone (fields, their source and confidence,
-- how they match the profile), sealed under the document's data key like its bytes: personal
-- data never stored in the clear. Erasure clears it with the rest of the applicant's data.
ALTER TABLE documents ADD COLUMN extraction bytea;
