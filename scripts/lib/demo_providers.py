"""Four applicants through a running Vouch and the provider simulator: one per outcome.

Usage: demo_providers.py URL API_KEY   (standard library only)
"""
import os, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from merchant import Merchant  # noqa: E402

merchant = Merchant(sys.argv[1], sys.argv[2], timeout=30)


def call(method, path):
    status, _, body = merchant.call(method, path)
    if status != 200:
        raise RuntimeError(f"{method} {path}: {status} {body}")
    return body


def submit(last_name, number):
    return merchant.submit(number, last_name, label=f"demo-{last_name}-{number}")[0]


# The demo's sample photos are drawn, with no face in them: the face check is turned off in this
# tenant's rules (as a tenant may), so the verdicts show what the providers answered.
status, _, body = merchant.call("PUT", "/v1/rules", {"face": {"enabled": False}})
if status != 200:
    raise RuntimeError(f"PUT /v1/rules: {status} {body}")
print("face checks off in the demo tenant's rules: its sample photos carry no faces")

suffix = os.urandom(2).hex().upper()
cases = [("Lovelace", "V" + suffix + "0001"), ("Sanctioned", "V" + suffix + "0002"),
         ("Lovelace", "NOMATCH" + suffix[:2]), ("Lovelace", "PENDING" + suffix[:2])]
applicants = [(last, number, submit(last, number)) for last, number in cases]
deadline = time.time() + 30
while True:
    states = [call("GET", f"/v1/applicants/{a}/status")["status"] for _, _, a in applicants]
    if all(s in ("verified", "rejected", "in_review") for s in states) or time.time() > deadline:
        break
    time.sleep(0.5)
for (last, number, applicant), state in zip(applicants, states):
    checks = call("GET", f"/v1/applicants/{applicant}/checks")
    screening = (checks.get("screening") or {}).get("status")
    regulator = (checks.get("regulator") or {}).get("status")
    print(f"{last:<11} {number:<10} {applicant}  {state:<10} screening={screening} regulator={regulator} "
          f"reasons={checks.get('decision_reasons')}")
