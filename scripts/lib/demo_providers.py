"""Four applicants through a running Vouch and the provider simulator: one per outcome.

Usage: demo_providers.py URL API_KEY   (standard library only)
"""
import base64, json, os, sys, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kyc_samples import PDF, jpeg, td1  # noqa: E402

url, key = sys.argv[1], sys.argv[2]


def call(method, path, body=None):
    request = urllib.request.Request(url + path, method=method, data=json.dumps(body).encode() if body else None)
    request.add_header("Authorization", f"Bearer {key}")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def submit(last_name, number):
    applicant = call("POST", "/v1/applicants", {
        "external_user_id": f"demo-{last_name}-{number}-{time.time_ns()}", "first_name": "Ada", "last_name": last_name,
        "date_of_birth": "1990-12-10", "nationality": "GB", "country_of_residence": "GB"})["id"]
    b64 = lambda data: base64.b64encode(data).decode()
    today = time.strftime("%Y-%m-%d", time.gmtime())
    for body in [
        {"doc_type": "ID_FRONT", "doc_body": b64(jpeg(1280, 800, 4096))},
        {"doc_type": "ID_BACK", "doc_body": b64(jpeg(1280, 800, 4096)), "mrz": td1(number, last_name.upper(), "ADA")},
        {"doc_type": "PROOF_OF_ADDRESS", "doc_body": b64(PDF + os.urandom(8).hex().encode() + b"\n%%EOF\n"),
         "fields": {"issue_date": today}},
        {"doc_type": "SELFIE", "doc_body": b64(jpeg(800, 800, 4096))},
    ]:
        call("POST", f"/v1/applicants/{applicant}/documents", body)
    return applicant


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
