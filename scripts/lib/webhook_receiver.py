"""A webhook receiver for the tests: verifies every delivery with the `standardwebhooks`
package (an implementation independent of Vouch's) or, for an Ed25519 public key, with the
`cryptography` package following the specification's `v1a` scheme; records it, and answers as
scripted.

    python webhook_receiver.py          prints the port it listens on (127.0.0.1), then serves

Control (JSON):
    POST /_control {"secrets": ["whsec_…", "whpk_…", …], "script": ["500", "200", …], "default": "200"}
        secrets (HMAC) or public keys (Ed25519) to verify with; answers for the next deliveries, in order (then the default):
        a status code, "hang" (answer after 20 s), "redirect", "big" (2 MB body),
        "huge" (10 MB body), "nul" (500 with NUL bytes in its body),
        "retry-after:VALUE" (500 with that Retry-After header, as sent)
    POST /_control {"jitter_ms": N, "hold_first": true}
        out of order on purpose: each answer waits a random 0–N ms (seeded), and an applicant's
        event with sequence 1 gets 500 until a later event of that applicant has arrived
    GET /_received   every delivery so far: id, type, timestamp, verified_with (secret indexes),
        sequence, applicant_id, payload, livemode, and the answer given (action)
"""
import base64, json, random, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from standardwebhooks import Webhook

TOLERANCE = 5 * 60


def verify_v1a(public_key, body, headers):
    """Standard Webhooks, asymmetric: some `v1a,<base64>` in webhook-signature is an Ed25519
    signature of "{id}.{timestamp}.{body}" under the key, and the timestamp is recent."""
    if not public_key.startswith("whpk_"):
        raise ValueError("not a public key")
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key[len("whpk_"):]))
    msg_id, timestamp = headers["webhook-id"], headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > TOLERANCE:
        raise ValueError("timestamp outside the tolerance")
    signed = f"{msg_id}.{timestamp}.".encode() + body
    for entry in headers["webhook-signature"].split(" "):
        version, _, signature = entry.partition(",")
        if version != "v1a":
            continue
        try:
            key.verify(base64.b64decode(signature), signed)
            return
        except (InvalidSignature, ValueError):
            pass
    raise ValueError("no v1a signature verifies")


def verify(secret, body, headers):
    if secret.startswith("whpk_"):
        verify_v1a(secret, body, headers)
    else:
        Webhook(secret).verify(body, headers)

lock = threading.Lock()
state = {"secrets": [], "script": [], "default": "200", "received": [], "jitter_ms": 0, "hold_first": False}
jitter = random.Random(7)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        with lock:
            body = json.dumps(state["received"]).encode()
        self.reply(200, body, [("Content-Type", "application/json")])

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/_control":
            control = json.loads(body)
            with lock:
                state["secrets"] = control.get("secrets", state["secrets"])
                state["script"] = list(control.get("script", []))
                state["default"] = control.get("default", state["default"])
                state["jitter_ms"] = control.get("jitter_ms", state["jitter_ms"])
                state["hold_first"] = control.get("hold_first", state["hold_first"])
            return self.reply(204)
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            payload = json.loads(body) if body else {}
        except ValueError:
            payload = {}
        with lock:
            secrets = list(state["secrets"])
            action = state["script"].pop(0) if state["script"] else state["default"]
            if state["hold_first"] and payload.get("sequence") == 1 and not any(
                    seen.get("applicant_id") == payload.get("applicant_id") and (seen.get("sequence") or 0) > 1
                    for seen in state["received"]):
                action = "500"
            wait = jitter.uniform(0, state["jitter_ms"]) / 1000
        verified = []
        for index, secret in enumerate(secrets):
            try:
                verify(secret, body, headers)
                verified.append(index)
            except Exception:
                pass
        with lock:
            state["received"].append({"id": headers.get("webhook-id"), "type": payload.get("type"),
                                      "payload_id": payload.get("id"), "data": payload.get("data"), "timestamp": headers.get("webhook-timestamp"),
                                      "sequence": payload.get("sequence"), "applicant_id": payload.get("applicant_id"),
                                      "payload": payload.get("payload"), "livemode": payload.get("livemode"),
                                      "verified_with": verified, "action": action, "at": time.time()})
        if wait:
            time.sleep(wait)
        if action == "hang":
            time.sleep(20)
            return self.reply(200)
        if action == "redirect":
            return self.reply(302, headers=[("Location", "http://127.0.0.1:1/elsewhere")])
        if action == "big":
            return self.reply(200, b"x" * (2 * 1024 * 1024))
        if action == "huge":
            return self.reply(200, b"x" * (10 * 1024 * 1024))
        if action == "nul":
            return self.reply(500, b"error\x00\x00 after a NUL\xff\xfe")
        if action.startswith("retry-after:"):
            return self.reply(500, b"busy", [("Retry-After", action.split(":", 1)[1])])
        self.reply(int(action), b'{"ok": true}')


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
