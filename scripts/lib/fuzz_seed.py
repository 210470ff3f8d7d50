"""Data for scripts/fuzz-api that a fuzzer cannot make on its own (standard library only).

Usage: fuzz_seed.py URL API_KEY

* open review cases: applicants whose four sample documents carry no face go to `in_review`,
  so `POST /v1/reviews/{id}/decision` has cases to decide;
* a screening hit: an applicant named like an entry of the tenant's watch list, so its checks
  name a candidate that `POST /v1/applicants/{id}/screening-clearances` can clear;
* ongoing monitoring turned on, so that a list import (scripts/fuzz-api) makes a monitoring run
  for `/v1/monitoring-runs/{id}` to read;
* an applicant with no documents yet and a session token for it, printed on stdout, for the
  end-user API (`/api/v1/user/me/kyc/*`): its first upload can still be accepted.
"""
import os, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from merchant import Merchant, document_number  # noqa: E402

REVIEWS = 3
# Shares no name with the other applicants (all Ada), so that only this one is a hit; the run finds
# it by its external_user_id (scripts/lib/fuzz-api.toml).
LISTED = ("Boris", "Kowalczyk")
LISTED_ID = "fuzz-listed"


def call(method, path, body=None, expect=200):
    status, _, answer = merchant.call(method, path, body)
    if status != expect:
        raise SystemExit(f"fuzz_seed: {method} {path}: {status} {answer}")
    return answer


merchant = Merchant(sys.argv[1], sys.argv[2], timeout=30)
call("PUT", "/v1/rules", {"screening": {"monitoring": True}})
call("POST", "/v1/watchlist-entries", {"names": [" ".join(LISTED)]}, expect=201)
listed = call("POST", "/v1/applicants", {"external_user_id": LISTED_ID, "first_name": LISTED[0],
                                         "last_name": LISTED[1], "date_of_birth": "1990-12-10"}, expect=201)["id"]
for body in merchant.document_bodies(document_number(REVIEWS), LISTED[1]):
    call("POST", f"/v1/applicants/{listed}/documents", body, expect=202)
in_review = [merchant.submit(document_number(index), label="fuzz-review")[0] for index in range(REVIEWS)]

deadline = time.time() + 60
while True:
    states = [merchant.verdict(applicant) for applicant in in_review]
    screening = call("GET", f"/v1/applicants/{listed}/checks")["screening"]
    if states.count("in_review") == REVIEWS and screening and screening["result"]["details"]["hits"]:
        break
    if time.time() > deadline:
        raise SystemExit(f"fuzz_seed: no review cases or screening hit: {states} {screening}")
    time.sleep(0.25)

applicant = merchant.create_applicant(label="fuzz-session")
print(call("POST", f"/v1/applicants/{applicant}/sessions", expect=201)["token"])
