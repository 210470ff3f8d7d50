"""Verifies a Vouch deletion certificate with the `cryptography` package, independently of Vouch:
a JWS in compact form (RFC 7515) signed with EdDSA (RFC 8037) by a key of the JWKS.

    python verify_certificate.py CERTIFICATE.json JWKS.json

Prints the verified payload as JSON and exits 0, or prints why not and exits 1.
"""
import base64, json, sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def main(certificate_path, jwks_path):
    document = json.load(open(certificate_path))
    jws = document["jws"]
    header_part, payload_part, signature_part = jws.split(".")
    header = json.loads(b64url(header_part))
    if header.get("alg") != "EdDSA":
        return "not EdDSA"
    keys = {k["kid"]: k for k in json.load(open(jwks_path))["keys"] if k.get("kty") == "OKP" and k.get("crv") == "Ed25519"}
    jwk = keys.get(header.get("kid"))
    if jwk is None:
        return "unknown key " + str(header.get("kid"))
    key = Ed25519PublicKey.from_public_bytes(b64url(jwk["x"]))
    try:
        key.verify(b64url(signature_part), f"{header_part}.{payload_part}".encode())
    except InvalidSignature:
        return "bad signature"
    payload = json.loads(b64url(payload_part))
    if payload != document["certificate"]:
        return "the certificate shown is not the one signed"
    print(json.dumps(payload))
    return None


if __name__ == "__main__":
    problem = main(sys.argv[1], sys.argv[2])
    if problem:
        print(problem)
        sys.exit(1)
