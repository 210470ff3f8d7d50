"""Fault drills against real processes: a worker killed with SIGKILL mid-work, Postgres stopped
for 20 s under load, and SIGTERM to the API and to a worker. Run by scripts/fault-drills, which
sets up the cluster, the binaries and the environment (VOUCH_*).

    fault_drills.py VOUCH_BINARY SIMULATOR_BINARY CLUSTER_DIR PG_PORT [outage seconds]

Prints each drill's findings and exits non-zero when one fails.
"""
import json, os, signal, socket, subprocess, sys, threading, time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drills import check, failures, free_port, ready, wait_until  # noqa: E402
from merchant import Merchant, document_number  # noqa: E402

BIN, SIMULATOR, CLUSTER, PG_PORT = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
OUTAGE = float(sys.argv[5]) if len(sys.argv) > 5 else 20.0
LIB = os.path.dirname(os.path.abspath(__file__))
LOGS = os.environ.get("VOUCH_DRILL_LOGS", "/tmp")






def sql(query):
    out = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", PG_PORT, "-U", "postgres", "-d", "vouch", "-XAtq", "-c", query],
        check=True, capture_output=True, text=True)
    return out.stdout.strip()


def cluster(action):
    subprocess.run(["bash", "-c", f'source "{LIB}/common.sh"; cluster_{action} "$1" fast >/dev/null', "_", CLUSTER],
                   check=True)


class Server:
    """`vouch serve` in a role of its own, with its log in LOGS."""

    def __init__(self, name, role, port, **env):
        self.name, self.role, self.port, self.env = name, role, port, env
        self.process = None

    def start(self):
        env = dict(os.environ, VOUCH_PORT=str(self.port), VOUCH_ROLE=self.role, **{k: str(v) for k, v in self.env.items()})
        log = open(os.path.join(LOGS, f"drill-{self.name}.log"), "ab")
        self.process = subprocess.Popen([BIN, "serve"], env=env, stdout=log, stderr=log)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not start")

    def signal(self, number):
        self.process.send_signal(number)

    def wait(self, timeout):
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return None






def all_verified(merchant, applicants):
    return all(merchant.verdict(a) == "verified" for a in applicants)


def drill_kill_worker(merchant, worker):
    print("drill: the worker killed with SIGKILL mid-work, then started again", flush=True)
    applicants, held, waiting = [], 0, 0
    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(merchant.submit, document_number(10_000 + i)) for i in range(60)]
        # Killed while applicants are still arriving and the first ones are being decided.
        wait_until(lambda: int(sql("SELECT count(*) FROM events WHERE type = 'applicant.verified'")) >= 3, 60, 0.02)
        worker.signal(signal.SIGKILL)
        worker.wait(10)
        held = int(sql("SELECT count(*) FROM jobs WHERE state = 'running'"))
        applicants = [f.result()[0] for f in futures]
    waiting = int(sql("SELECT count(*) FROM jobs"))
    print(f"  killed holding {held} claimed jobs; {waiting} jobs unfinished once all had arrived", flush=True)
    check(held > 0, "the worker died in the middle of jobs it had claimed")
    worker.start()
    check(wait_until(lambda: all_verified(merchant, applicants), 120), "every applicant reached `verified` after the restart")
    ids = ",".join(f"'{a[4:]}'" for a in applicants)
    verified_events = int(sql(f"SELECT count(*) FROM events WHERE type = 'applicant.verified' AND replace(subject_id::text, '-', '') IN ({ids})"))
    check(verified_events == len(applicants), f"one applicant.verified event each ({verified_events} for {len(applicants)})")
    usage = sql("SELECT kind || '=' || count(*) FROM usage_events WHERE kind IN ('document_checked', 'applicant_verified') GROUP BY kind ORDER BY kind")
    check(usage == f"applicant_verified={len(applicants)}\ndocument_checked={4 * len(applicants)}",
          f"every check and verdict billed once: {usage.replace(chr(10), ', ')}")
    check(sql("SELECT count(*) FROM jobs") == "0", "no job left behind or dead")


def drill_database_outage(merchant, api):
    print(f"drill: Postgres stopped for {OUTAGE:.0f} s under load, then started again", flush=True)
    known, _ = merchant.submit(document_number(20_000))
    results, accepted, lock = [], [], threading.Lock()
    stop = threading.Event()

    def load(worker_index):
        count = 0
        while not stop.is_set():
            count += 1
            started = time.time()
            try:
                if count % 4 == 0:
                    status, headers, body = merchant.call("POST", "/v1/applicants", {
                        "external_user_id": f"outage-{worker_index}-{count}-{time.time_ns()}", "first_name": "Ada"})
                    if status == 201:
                        with lock:
                            accepted.append(body["id"])
                else:
                    status, headers, body = merchant.call("GET", f"/v1/applicants/{known}/status")
                outcome = (status, "Retry-After" in headers or "retry-after" in headers)
            except OSError:
                outcome = ("connection_error", False)
            elapsed = time.time() - started
            with lock:
                results.append((outcome[0], outcome[1], elapsed))
            time.sleep(0.02)

    threads = [threading.Thread(target=load, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(3)
    cluster("stop")
    down_at = time.time()
    readiness = []
    while time.time() - down_at < OUTAGE:
        readiness.append(ready(api.port))
        time.sleep(1)
    cluster("start")
    recovered = wait_until(lambda: ready(api.port), 30, 0.2)
    recovery = time.time() - down_at - OUTAGE
    time.sleep(5)
    stop.set()
    for thread in threads:
        thread.join()
    statuses = {}
    for status, _, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    print(f"  {len(results)} requests: {statuses}; ready again {recovery:.1f} s after the restart", flush=True)
    check(not any(readiness), f"/readyz answered 503 throughout the outage ({readiness.count(False)} probes)")
    check(recovered, "/readyz is 200 again without restarting the server")
    unavailable = [r for r in results if r[0] == 503]
    check(len(unavailable) > 0 and all(r[1] for r in unavailable), f"{len(unavailable)} requests got 503, each with Retry-After")
    check(not [r for r in results if isinstance(r[0], int) and r[0] >= 500 and r[0] != 503], "no 5xx other than 503")
    slowest = max(r[2] for r in results)
    check(slowest < 12, f"no request hung (slowest {slowest:.1f} s)")
    check(statuses.get("connection_error", 0) == 0, "no connection was dropped")
    missing = [a for a in accepted if merchant.call("GET", f"/v1/applicants/{a}")[0] != 200]
    check(not missing, f"all {len(accepted)} applicants accepted (201) are there after the outage")
    check(merchant.call("GET", f"/v1/applicants/{known}/status")[0] == 200, "requests succeed again")


def drill_sigterm_api(merchant, api):
    print("drill: SIGTERM to the API during uploads", flush=True)
    applicants = [merchant.create_applicant() for _ in range(16)]
    outcomes = []
    body = Merchant.document_bodies(document_number(30_000), size=6 * 1024 * 1024)[0]

    def upload(applicant):
        try:
            status, _, answer = Merchant(f"http://127.0.0.1:{api.port}", merchant.key).upload(applicant, body)
            return applicant, status, answer
        except OSError:
            return applicant, "connection_error", None

    with ThreadPoolExecutor(16) as pool:
        futures = [pool.submit(upload, a) for a in applicants]
        time.sleep(0.1)
        signalled = time.time()
        api.signal(signal.SIGTERM)
        outcomes = [f.result() for f in futures]
    code = api.wait(40)
    took = time.time() - signalled
    print(f"  exited {code} after {took:.1f} s; uploads: {sorted(str(o[1]) for o in outcomes)}", flush=True)
    check(code == 0, "the API exited cleanly on SIGTERM")
    check(took < 30, "within the grace period")
    accepted = [(a, answer["id"]) for a, status, answer in outcomes if status == 202]
    check(len(accepted) > 0, f"{len(accepted)} in-flight uploads were finished, not cut off")
    api.start()
    lost = [d for _, d in accepted if merchant.call("GET", f"/v1/documents/{d}")[0] != 200]
    check(not lost, "every upload answered 202 is stored")


def drill_sigterm_worker(merchant, worker):
    print("drill: SIGTERM to a worker holding slow jobs (grace 2 s)", flush=True)
    slow = [merchant.submit("SLOW" + str(i).rjust(5, "0"))[0] for i in range(3)]
    wait_until(lambda: int(sql("SELECT count(*) FROM jobs WHERE state = 'running' AND kind = 'decide_applicant'")) >= 1, 60, 0.1)
    held = int(sql("SELECT count(*) FROM jobs WHERE state = 'running'"))
    signalled = time.time()
    worker.signal(signal.SIGTERM)
    code = worker.wait(20)
    took = time.time() - signalled
    left = int(sql("SELECT count(*) FROM jobs WHERE state = 'running'"))
    queued = int(sql("SELECT count(*) FROM jobs WHERE state = 'queued' AND worker IS NULL"))
    print(f"  held {held} running jobs; exited {code} after {took:.1f} s; {left} still claimed, {queued} queued", flush=True)
    check(code == 0 and took < 12, "the worker exited cleanly within its grace period and the cancellation bound")
    check(held >= 1 and left == 0 and queued >= 1, "its unfinished jobs went back to the queue at once, not after their lease")
    worker.start()
    check(wait_until(lambda: int(sql("SELECT count(*) FROM jobs WHERE state = 'running'")) >= 1, 10, 0.2),
          "the next worker took them up at once")


def main():
    created = subprocess.run([BIN, "tenant", "create", "--name", "Drills", "--json"], check=True, capture_output=True, text=True)
    key = json.loads(created.stdout)["api_key"]
    simulator_port, api_port, worker_port = free_port(), free_port(), free_port()
    simulator_log = open(os.path.join(LOGS, "drill-simulator.log"), "ab")
    simulator = subprocess.Popen(
        [SIMULATOR, "--port", str(simulator_port),
         "--callback-url", f"http://127.0.0.1:{api_port}/v1/callbacks/regulator"],
        stdout=simulator_log, stderr=simulator_log)
    os.environ.update(VOUCH_SCREENING_URL=f"http://127.0.0.1:{simulator_port}",
                      VOUCH_REGULATOR_URL=f"http://127.0.0.1:{simulator_port}",
                      VOUCH_ALLOW_SIMULATED_PROVIDERS="true",
                      # The drills' photos are drawn, with no face: face checks would send every
                      # applicant to review. Faces have their own tests.
                      VOUCH_FACE_CHECKS="off")
    api = Server("api", "api", api_port).start()
    worker = Server("worker", "worker", worker_port, VOUCH_WORKER_LEASE_SECONDS=6, VOUCH_SHUTDOWN_GRACE_SECONDS=2,
                    VOUCH_WORKER_CONCURRENCY=8).start()
    merchant = Merchant(f"http://127.0.0.1:{api_port}", key)
    try:
        drill_kill_worker(merchant, worker)
        drill_database_outage(merchant, api)
        drill_sigterm_api(merchant, api)
        drill_sigterm_worker(merchant, worker)
    finally:
        for server in (api, worker):
            if server.process and server.process.poll() is None:
                server.signal(signal.SIGTERM)
                server.wait(30)
        simulator.kill()
        simulator.wait(10)
    print(f"fault drills: {len(failures)} failed" + "".join(f"\n  - {f}" for f in failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
