-- An endpoint may be signed with Ed25519 (Standard Webhooks `v1a`) instead of HMAC: its secret
-- key stays sealed in secret_sealed like an HMAC secret, and its public key, which the merchant
-- verifies with, is kept in the clear. During a rotation the outgoing key's public half stays
-- beside the outgoing secret.
ALTER TABLE webhook_endpoints
    ADD COLUMN public_key text CHECK (public_key LIKE 'whpk\_%'),
    ADD COLUMN previous_public_key text CHECK (previous_public_key LIKE 'whpk\_%');
