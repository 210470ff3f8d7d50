-- Sealed document bytes are AES-GCM ciphertext: incompressible. Storing them EXTERNAL (out of
-- line, uncompressed) skips a compression attempt that costs CPU on every upload and saves nothing.
ALTER TABLE document_files ALTER COLUMN sealed SET STORAGE EXTERNAL;
