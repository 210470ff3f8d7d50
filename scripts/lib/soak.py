"""A bounded soak: a mixed merchant workload at a steady rate against a running Vouch, with
signed webhooks to a local receiver. Run by scripts/soak.

    soak.py URL API_KEY SECONDS RATE SERVER_PID RECEIVER_URL MEMORY_BOUND_MIB

Each applicant is created, gets its four documents, and is polled for its status until its
verdict; a quarter of them are also read back and listed. Reports errors, p50/p99 per route,
the server's memory at the start (after a warm-up) and the end, whether every applicant reached
its verdict and whether every verdict's webhook arrived signed. Exits 1 when any of that fails.
"""
import json, os, statistics, sys, threading, time, urllib.request
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from merchant import Merchant, document_number  # noqa: E402

url, key, seconds, rate, pid, receiver, bound = (
    sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6], float(sys.argv[7]))
merchant = Merchant(url, key, timeout=30)
lock = threading.Lock()
timings, errors, pending, decided = {}, [], {}, {}


def timed(route, expected, method, path, body=None):
    started = time.perf_counter()
    try:
        status, _, answer = merchant.call(method, path, body)
    except OSError as error:
        status, answer = type(error).__name__, None
    elapsed = (time.perf_counter() - started) * 1000
    with lock:
        timings.setdefault(route, []).append(elapsed)
        if status != expected:
            errors.append(f"{route}: {status} {str(answer)[:160]}")
    return answer if status == expected else None


def rss_mib():
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def applicant_flow(index):
    created = timed("POST /v1/applicants", 201, "POST", "/v1/applicants", {
        "external_user_id": f"soak-{index}-{time.time_ns()}", "first_name": "Ada", "last_name": "Lovelace",
        "date_of_birth": "1990-12-10", "nationality": "GB", "country_of_residence": "GB"})
    if not created:
        return
    applicant = created["id"]
    for body in Merchant.document_bodies(document_number(index)):
        timed("POST /v1/applicants/{id}/documents", 202, "POST", f"/v1/applicants/{applicant}/documents", body)
    if index % 4 == 0:
        timed("GET /v1/applicants/{id}", 200, "GET", f"/v1/applicants/{applicant}")
        timed("GET /v1/applicants", 200, "GET", "/v1/applicants?limit=20")
    with lock:
        pending[applicant] = time.time()


def poll_statuses(stop, drain_seconds=90):
    """Polls until the load has stopped and every applicant has its verdict, or the drain ends."""
    drained_by = None
    while not stop.is_set() or pending:
        if stop.is_set():
            drained_by = drained_by or time.time() + drain_seconds
            if time.time() > drained_by:
                return
        with lock:
            waiting = list(pending)
        for applicant in waiting:
            answer = timed("GET /v1/applicants/{id}/status", 200, "GET", f"/v1/applicants/{applicant}/status")
            if answer and answer.get("status") in ("verified", "rejected", "in_review"):
                with lock:
                    decided[applicant] = answer["status"]
                    pending.pop(applicant, None)
        time.sleep(0.5)


def control(path, body=None):
    request = urllib.request.Request(receiver + path, data=json.dumps(body).encode() if body else None,
                                     method="POST" if body else "GET")
    with urllib.request.urlopen(request, timeout=30) as response:
        data = response.read()
        return json.loads(data) if data else None


def main():
    endpoint = merchant.call("POST", "/v1/webhook-endpoints",
                             {"url": receiver + "/hook", "events": ["applicant.verified"]})[2]
    control("/_control", {"secrets": [endpoint["secret"]], "script": []})
    stop = threading.Event()
    poller = threading.Thread(target=poll_statuses, args=(stop,))
    poller.start()
    memory = []
    started = time.time()
    warm = started + min(20.0, seconds / 5)
    index = 0
    with ThreadPoolExecutor(16) as pool:
        while time.time() - started < seconds:
            due = started + index / rate
            if time.time() < due:
                time.sleep(min(due - time.time(), 0.05))
                continue
            pool.submit(applicant_flow, index)
            index += 1
            if time.time() >= warm and (not memory or time.time() - memory[-1][0] >= 5):
                memory.append((time.time(), rss_mib()))
    stop.set()
    poller.join()
    memory.append((time.time(), rss_mib()))
    deadline = time.time() + 60
    verified = {a for a, s in decided.items() if s == "verified"}
    while True:
        received = control("/_received")
        signed = {r["data"].get("applicant_id") for r in received if r.get("verified_with") and r.get("data")}
        if verified <= signed or time.time() > deadline:
            break
        time.sleep(1)

    routes = {}
    for route, values in sorted(timings.items()):
        values.sort()
        routes[route] = {"requests": len(values), "p50_ms": round(statistics.median(values), 1),
                         "p99_ms": round(values[min(len(values) - 1, int(len(values) * 0.99))], 1)}
    start_mib, end_mib = memory[0][1], memory[-1][1]
    summary = {
        "seconds": round(time.time() - started), "applicants": index, "rate_per_second": rate,
        "errors": len(errors), "undecided": len(pending), "decided": dict(
            (s, list(decided.values()).count(s)) for s in set(decided.values())),
        "webhooks_missing": len(verified - signed), "routes": routes,
        "memory_mib": {"start": round(start_mib, 1), "end": round(end_mib, 1),
                       "max": round(max(m for _, m in memory), 1), "bound_growth": bound},
    }
    print(json.dumps(summary, indent=2))
    for error in errors[:10]:
        print("error:", error)
    failed = errors or pending or len(verified) != index or verified - signed or end_mib - start_mib > bound
    print("soak: " + ("FAILED" if failed else "passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
