"""The hostile-tenant drill: tenant A attacks the service every way it can at once while tenant B
runs the soak's merchant workload. Run by scripts/hostile-tenant.

    hostile_tenant.py SETTINGS_JSON

A's attacks: webhook endpoints answering a Retry-After of ten trillion seconds, NUL bytes,
10 MB bodies and junk; as many endpoints as it may make (100 asked); costly rule simulations;
bursts of 9.5 MiB uploads; an end-user session looping uploads; floods of made-up API keys.

B runs alone first (the quiet phase), then under the attack. The drill passes when no process
exited, B met no error (no 5xx, no refusal), B's status reads (20 a second, steady, from a process
of their own) under attack
kept their p99 within 3x the quiet p99 (a floor of 5 ms keeps a small quiet figure from failing
on noise),
every B verdict's webhook arrived and verified, and the server's role reads nothing through any
partition. Prints the figures as JSON, then `hostile-tenant: passed` or `FAILED`.
"""
import base64, json, os, random, statistics, subprocess, sys, threading, time, urllib.request
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kyc_samples import jpeg  # noqa: E402
from merchant import Merchant, document_number  # noqa: E402

settings = json.load(open(sys.argv[1]))
URL = settings["url"]
lock = threading.Lock()


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False


def control(receiver, path, body=None):
    request = urllib.request.Request(receiver + path, data=json.dumps(body).encode() if body else None,
                                     method="POST" if body else "GET")
    with urllib.request.urlopen(request, timeout=30) as response:
        data = response.read()
        return json.loads(data) if data else None


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] if ordered else 0.0


class Workload:
    """Tenant B: the soak's flow (create, four uploads, poll the status until the verdict)."""

    def __init__(self, key):
        self.merchant = Merchant(URL, key, timeout=30)
        self.errors, self.pending, self.decided = [], {}, {}
        self.status_ms = {"quiet": [], "hostile": []}
        self.phase = "quiet"
        self.count = 0

    def call(self, expected, method, path, body=None):
        started = time.perf_counter()
        try:
            status, _, answer = self.merchant.call(method, path, body)
        except OSError as error:
            status, answer = type(error).__name__, None
        elapsed = (time.perf_counter() - started) * 1000
        if status != expected:
            with lock:
                self.errors.append(f"{method} {path.split('/')[2]}: {status} {str(answer)[:120]}")
            return None, elapsed
        return answer, elapsed

    def applicant(self, index):
        created, _ = self.call(201, "POST", "/v1/applicants", {
            "external_user_id": f"b-{index}-{time.time_ns()}", "first_name": "Ada", "last_name": "Lovelace",
            "date_of_birth": "1990-12-10", "nationality": "GB", "country_of_residence": "GB"})
        if not created:
            return
        for body in Merchant.document_bodies(document_number(index)):
            self.call(202, "POST", f"/v1/applicants/{created['id']}/documents", body)
        with lock:
            self.pending[created["id"]] = self.phase

    def poll(self, stop, drain_seconds=90):
        drained_by = None
        while not stop.is_set() or self.pending:
            if stop.is_set():
                drained_by = drained_by or time.time() + drain_seconds
                if time.time() > drained_by:
                    return
            with lock:
                waiting = list(self.pending.items())
            for applicant, phase in waiting:
                answer, _ = self.call(200, "GET", f"/v1/applicants/{applicant}/status")
                # At most 20 polls a second: B stays well inside its own key's limit (100/s)
                # however many applicants wait, as a merchant's poller would.
                time.sleep(0.05)
                with lock:
                    if answer and answer.get("status") in ("verified", "rejected", "in_review"):
                        self.decided[applicant] = answer["status"]
                        self.pending.pop(applicant, None)
            # As a merchant polls: each waiting applicant about once a second.
            time.sleep(1.0)

    def run(self, seconds, rate, pool):
        started = time.time()
        while time.time() - started < seconds:
            due = started + (self.count - self.started_at) / rate
            if time.time() < due:
                time.sleep(min(due - time.time(), 0.05))
                continue
            pool.submit(self.applicant, self.count)
            self.count += 1

    def phase_run(self, phase, seconds, rate, pool):
        self.phase, self.started_at = phase, self.count
        self.run(seconds, rate, pool)


class Attacker:
    """Tenant A. Every attack runs in its own threads until `stop`; answers are counted by status."""

    def __init__(self, key, tenant_hex, hostile_receivers):
        self.merchant = Merchant(URL, key, timeout=60)
        self.key, self.tenant_hex, self.receivers = key, tenant_hex, hostile_receivers
        self.counts = {}

    def count(self, attack, status):
        with lock:
            per = self.counts.setdefault(attack, {})
            per[str(status)] = per.get(str(status), 0) + 1

    def call(self, attack, method, path, body=None, raw=None, merchant=None):
        try:
            status, headers, answer = (merchant or self.merchant).call(method, path, body, raw)
        except OSError as error:
            status, headers, answer = type(error).__name__, {}, None
        self.count(attack, status)
        return status, answer

    def endpoints(self):
        """As many endpoints as A may make (100 asked), spread over the hostile receivers."""
        for index in range(100):
            receiver = self.receivers[index % len(self.receivers)]
            self.call("endpoints", "POST", "/v1/webhook-endpoints", {"url": receiver + f"/hook/{index}"})

    def events(self, stop):
        """Applicants, so that every endpoint gets deliveries to answer badly."""
        while not stop.is_set():
            self.call("events", "POST", "/v1/applicants", {"external_user_id": f"a-{time.time_ns()}-{random.random()}"})
            time.sleep(0.05)

    def simulations(self, stop):
        # 40 × 40 × 40 evaluations per rule, 100 rules, replayed over up to 1,000 decisions.
        inner = {"<": [{"var": ""}, 1000]}
        costly = {"all": [list(range(40)), {"all": [list(range(40)), {"all": [list(range(40)), inner]}]}]}
        draft = {"rules": {"custom_rules": [{"id": f"r{i}", "when": costly, "action": "review"} for i in range(100)]},
                 "limit": 1000}
        while not stop.is_set():
            self.call("simulations", "POST", "/v1/rules/simulate", draft)

    def uploads(self, stop):
        """Bursts of 9.5 MiB JSON uploads (about 12.7 MB bodies)."""
        status, answer = self.call("uploads", "POST", "/v1/applicants", {"external_user_id": f"a-big-{time.time_ns()}"})
        if status != 201:
            return
        raw = json.dumps({"doc_type": "SELFIE", "doc_body": base64.b64encode(jpeg(800, 800, 9_500_000)).decode()})
        while not stop.is_set():
            self.call("uploads", "POST", f"/v1/applicants/{answer['id']}/documents", raw=raw)

    def session_loop(self, stop):
        """An end user with a session token uploading again and again."""
        status, answer = self.call("session", "POST", "/v1/applicants", {"external_user_id": f"a-session-{time.time_ns()}"})
        if status != 201:
            return
        status, session = self.call("session", "POST", f"/v1/applicants/{answer['id']}/sessions")
        if status not in (200, 201):
            return
        user = Merchant(URL, session["token"], timeout=60)
        body = {"doc_type": "SELFIE", "doc_body": base64.b64encode(jpeg(800, 800, 200_000)).decode()}
        while not stop.is_set():
            self.call("session", "POST", "/api/v1/user/me/kyc/submit", body, merchant=user)

    def bogus_keys(self, stop):
        while not stop.is_set():
            fake = f"vk_live_{self.tenant_hex}_{os.urandom(6).hex()}_{os.urandom(16).hex()}"
            self.call("bogus_keys", "GET", "/v1/applicants", merchant=Merchant(URL, fake, timeout=30))

    def launch(self, stop):
        plan = [(self.events, 1), (self.simulations, 2), (self.uploads, 4), (self.session_loop, 1), (self.bogus_keys, 2)]
        # HOSTILE_ATTACKS=uploads,simulations runs only those (to find which one hurts).
        chosen = os.environ.get("HOSTILE_ATTACKS")
        if chosen:
            plan = [(attack, n) for attack, n in plan if attack.__name__ in chosen.split(",")]
        if not chosen or "endpoints" in chosen.split(","):
            self.endpoints()
        threads = [threading.Thread(target=attack, args=(stop,), daemon=True) for attack, n in plan for _ in range(n)]
        for thread in threads:
            thread.start()
        return threads


def partitions_leak():
    """Rows the server's role reads through partitions, and how many partitions refused it."""
    sql = ("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
           "WHERE n.nspname = 'public' AND c.relispartition AND c.relkind IN ('r', 'p')")
    names = subprocess.run(["psql", settings["admin_db"], "-XAtc", sql], capture_output=True, text=True,
                           check=True).stdout.split()
    leaked, refused = 0, 0
    for name in names:
        result = subprocess.run(["psql", settings["app_db"], "-XAtc", f"SELECT count(*) FROM {name}"],
                                capture_output=True, text=True)
        if result.returncode != 0 and "permission denied" in result.stderr:
            refused += 1
        elif result.returncode == 0:
            leaked += int(result.stdout.strip() or 0)
    return {"partitions": len(names), "refused": refused, "rows_read": leaked}


def sample(applicants_csv):
    """B's status reads at a steady pace (20 a second), in a process of its own: what a client of
    B sees, not how long the drill's own threads waited for Python's lock while B's workload
    encoded uploads. Reads until stdin closes, then prints each read as [start, ms, status]."""
    applicants = applicants_csv.split(",")
    reader = Merchant(URL, settings["key_b"], timeout=30)
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    reads = []
    while not stop.is_set():
        started = time.time()
        try:
            status, _, _ = reader.call("GET", f"/v1/applicants/{random.choice(applicants)}/status")
        except OSError as error:
            status = type(error).__name__
        reads.append([started, (time.time() - started) * 1000, status])
        stop.wait(max(0.0, 0.05 - (time.time() - started)))
    print(json.dumps(reads))


def sampled_phases(reads, attack_window, errors):
    """Splits the sampler's reads into the quiet phase and the attack; a read that failed is B's error."""
    phases = {"quiet": [], "hostile": []}
    began, ended = attack_window
    for started, elapsed, status in reads:
        if status != 200:
            errors.append(f"GET status: {status}")
        elif started < began:
            phases["quiet"].append(elapsed)
        elif started < ended:
            phases["hostile"].append(elapsed)
    return phases


def attack(seconds):
    """The attacker's own process, run at a lower priority than the server and tenant B's client:
    the drill measures how the server keeps tenants apart, not how the load generator shares
    the machine's two cores with it (a real attacker runs elsewhere). Prints its counts."""
    for receiver, behaviour in zip(settings["hostile_receivers"], settings["hostile_behaviours"]):
        control(receiver, "/_control", {"default": behaviour})
    attacker = Attacker(settings["key_a"], settings["tenant_a_hex"], settings["hostile_receivers"])
    stop = threading.Event()
    threads = attacker.launch(stop)
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    print(json.dumps(attacker.counts))


def main():
    b = Workload(settings["key_b"])
    receiver_b = settings["receiver_b"]
    status, _, endpoint = b.merchant.call("POST", "/v1/webhook-endpoints",
                                          {"url": receiver_b + "/hook", "events": ["applicant.verified"]})
    if status != 201:
        raise RuntimeError(f"tenant B's webhook endpoint: {status} {endpoint}")
    control(receiver_b, "/_control", {"secrets": [endpoint["secret"]], "script": []})
    # A's own verified applicants, so that its rule simulations have decisions to replay.
    a = Merchant(URL, settings["key_a"], timeout=60)
    seeded = [a.submit(document_number(90_000 + i), label="a-seed")[0] for i in range(8)]
    deadline = time.time() + 120
    while time.time() < deadline and any(a.verdict(x) in (None, "unverified", "processing") for x in seeded):
        time.sleep(0.5)

    # The applicants whose status the sampler reads: B's own, made for it.
    sampled = [b.merchant.call("POST", "/v1/applicants", {"external_user_id": f"b-sampled-{i}-{time.time_ns()}"})[2]["id"]
               for i in range(8)]
    sampler = subprocess.Popen([sys.executable, os.path.abspath(__file__), sys.argv[1], "--sample", ",".join(sampled)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    stop_polling = threading.Event()
    poller = threading.Thread(target=b.poll, args=(stop_polling,))
    poller.start()
    started = time.time()
    with ThreadPoolExecutor(16) as pool:
        b.phase_run("quiet", settings["quiet_seconds"], settings["rate"], pool)
        attack_began = time.time()
        attacker = subprocess.Popen(
            ["nice", "-n", "10", sys.executable, os.path.abspath(__file__), sys.argv[1], "--attack",
             str(settings["hostile_seconds"])], stdout=subprocess.PIPE, text=True)
        b.phase_run("hostile", settings["hostile_seconds"], settings["rate"], pool)
        attack_ended = time.time()
    stop_polling.set()
    poller.join()
    reads, _ = sampler.communicate(input="", timeout=60)
    # Kept beside the server's log, to find what a slow read met.
    with open(os.path.join(os.path.dirname(os.path.abspath(sys.argv[1])), "status-reads.json"), "w") as file:
        file.write(reads)
    b.status_ms = sampled_phases(json.loads(reads), (attack_began, attack_ended), b.errors)
    attack_output, _ = attacker.communicate(timeout=120)
    attack_counts = json.loads(attack_output.strip().splitlines()[-1]) if attack_output.strip() else {}

    verified = {a for a, s in b.decided.items() if s == "verified"}
    deadline = time.time() + 60
    while True:
        received = control(receiver_b, "/_received")
        signed = {r["data"].get("applicant_id") for r in received if r.get("verified_with") and r.get("data")}
        if verified <= signed or time.time() > deadline:
            break
        time.sleep(1)

    quiet_p99 = percentile(b.status_ms["quiet"], 0.99)
    hostile_p99 = percentile(b.status_ms["hostile"], 0.99)
    ratio = hostile_p99 / max(quiet_p99, 5.0)
    processes = {name: alive(pid) for name, pid in settings["pids"].items()}
    fence = partitions_leak()
    b_5xx = [e for e in b.errors if ": 5" in e]
    summary = {
        "seconds": round(time.time() - started),
        "tenant_b": {
            "applicants": b.count, "errors": len(b.errors), "errors_5xx": len(b_5xx), "undecided": len(b.pending),
            "decided": {s: list(b.decided.values()).count(s) for s in set(b.decided.values())},
            "webhooks_missing": len(verified - signed),
            "status_p50_ms": {p: round(statistics.median(v), 1) if v else None for p, v in b.status_ms.items()},
            "status_p99_ms": {"quiet": round(quiet_p99, 1), "hostile": round(hostile_p99, 1)},
            "status_p99_ratio": round(ratio, 2),
            "status_p99_ratio_bound": settings["p99_ratio_bound"],
            "status_samples": {p: len(v) for p, v in b.status_ms.items()},
        },
        "tenant_a_answers": attack_counts,
        "processes_alive": processes,
        "partition_fence": fence,
    }
    print(json.dumps(summary, indent=2))
    for error in b.errors[:10]:
        print("tenant B error:", error)
    failed = (not all(processes.values()) or b.errors or b.pending or len(verified) != b.count
              or verified - signed or ratio > settings["p99_ratio_bound"] or fence["rows_read"] != 0
              or fence["refused"] != fence["partitions"])
    print("hostile-tenant: " + ("FAILED" if failed else "passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[2] == "--attack":
        attack(float(sys.argv[3]))
    elif len(sys.argv) > 3 and sys.argv[2] == "--sample":
        sample(sys.argv[3])
    else:
        sys.exit(main())
