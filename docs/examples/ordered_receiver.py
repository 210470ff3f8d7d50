"""A Vouch webhook receiver that applies each applicant's events in order.

Deliveries are at least once and in no promised order. Each event about an applicant carries
that applicant's `sequence` (1, 2, 3 … without gaps, in commit order), so this receiver:

  * verifies the signature (the `standardwebhooks` package from PyPI) before reading anything;
  * ignores an event at or below the last sequence it applied for the applicant (a duplicate,
    a retry, or a stale one);
  * applies an event that is next in line, then any held events that follow it;
  * holds an event that arrives early, and if the gap is still open after a few seconds,
    fetches what is missing from `GET /v1/applicants/{id}/events?after_sequence=N`.

    VOUCH_API=https://vouch.example.com VOUCH_KEY=vk_live_… WEBHOOK_SECRET=whsec_… \
        python3 ordered_receiver.py 8000

Replace `apply` with what your system does; keep `last_applied` in your database, updated in
the same transaction as the change `apply` makes.
"""
import json
import os
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook

API = os.environ.get("VOUCH_API", "http://127.0.0.1:8080")
KEY = os.environ.get("VOUCH_KEY", "")
WEBHOOK_SECRET = os.environ.get("WEBHOOK_SECRET", "")
GAP_WAIT_SECONDS = 5

lock = threading.Lock()
last_applied = {}  # applicant id -> last sequence applied
held = {}  # applicant id -> {sequence: event}
gap_since = {}  # applicant id -> when its oldest held event arrived


def apply(event):
    print(f"{event['applicant_id']} #{event['sequence']} {event['type']}", flush=True)


def receive(event):
    """Applies what is in line; holds what came early. Called under `lock`."""
    applicant, sequence = event.get("applicant_id"), event.get("sequence")
    if applicant is None:
        return apply(event)
    last = last_applied.get(applicant, 0)
    if sequence <= last:
        return  # a duplicate or a stale event: already applied
    held.setdefault(applicant, {})[sequence] = event
    gap_since.setdefault(applicant, time.monotonic())
    drain(applicant)


def drain(applicant):
    waiting = held.get(applicant, {})
    while last_applied.get(applicant, 0) + 1 in waiting:
        following = last_applied.get(applicant, 0) + 1
        apply(waiting.pop(following))
        last_applied[applicant] = following
    if not waiting:
        held.pop(applicant, None)
        gap_since.pop(applicant, None)


def fill_gaps():
    """Fetches the events of every gap open for longer than GAP_WAIT_SECONDS."""
    while True:
        time.sleep(1)
        with lock:
            due = [a for a, since in gap_since.items() if time.monotonic() - since > GAP_WAIT_SECONDS]
            after = {a: last_applied.get(a, 0) for a in due}
        for applicant, sequence in after.items():
            url = f"{API}/v1/applicants/{applicant}/events?after_sequence={sequence}&limit=100"
            request = urllib.request.Request(url, headers={"Authorization": f"Bearer {KEY}"})
            with urllib.request.urlopen(request, timeout=10) as response:
                page = json.load(response)
            with lock:
                for event in page["data"]:
                    receive(event)
                if applicant in held:  # still open: try again after another wait
                    gap_since[applicant] = time.monotonic()


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            event = Webhook(WEBHOOK_SECRET).verify(body, {k.lower(): v for k, v in self.headers.items()})
        except Exception:
            self.send_response(400)
            self.end_headers()
            return
        with lock:
            receive(event)
        self.send_response(204)
        self.end_headers()


if __name__ == "__main__":
    threading.Thread(target=fill_gaps, daemon=True).start()
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
    ThreadingHTTPServer(("0.0.0.0", port), Handler).serve_forever()
