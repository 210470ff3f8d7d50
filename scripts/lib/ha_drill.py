"""High-availability drills against a pg_auto_failover formation (a monitor, a primary, a
synchronous standby) and a running Vouch under a merchant's load. Run by scripts/ha-drill, which
sets up the formation, the binaries and the environment (VOUCH_*).

    ha_drill.py VOUCH_BINARY SIMULATOR_BINARY RECEIVER_PYTHON FORMATION_DIR WORK_DIR

The drills, in order: the primary's postmaster killed (its keeper restarts it); the primary's machine lost (keeper and Postgres killed with SIGKILL) under
load; the standby lost under load; the monitor lost under load; both nodes down, then back; a
standby that missed writes is not promoted; a base backup, more writes, a point in time noted,
more writes, and a restore to that time. Prints each drill's findings and figures (also as JSON
in WORK_DIR/ha-drill.json) and exits non-zero when a check fails.
"""
import json, os, signal, subprocess, sys, threading, time, urllib.request, uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drills import check, failures, free_port, ready, wait_until  # noqa: E402
from merchant import Merchant, document_number  # noqa: E402

BIN, SIMULATOR, RECEIVER_PYTHON, FORMATION, WORK = sys.argv[1:6]
LIB = os.path.dirname(os.path.abspath(__file__))
ADMIN_URL = os.environ["VOUCH_ADMIN_DATABASE_URL"]
figures = {}




def formation(function, *args):
    """Calls one of scripts/lib/ha.sh's functions on the formation; returns its output."""
    script = f'source "{LIB}/common.sh"; source "{LIB}/ha.sh"; "$@"'
    out = subprocess.run(["bash", "-c", script, "_", function, FORMATION, *args], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{function} {' '.join(args)}: {out.stderr.strip()[-400:]}")
    return out.stdout.strip()


def monitor_sql(query):
    port = open(os.path.join(FORMATION, "ports")).read().split("monitor=")[1].split()[0]
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", "pg_auto_failover", "-XAtq", "-c", query],
                         capture_output=True, text=True, timeout=10)
    return out.stdout.strip()


def node_in(state):
    return monitor_sql(f"SELECT nodename FROM pgautofailover.node WHERE reportedstate = '{state}'")


def sql(query, url=ADMIN_URL):
    out = subprocess.run(["psql", url, "-XAtq", "-c", query], check=True, capture_output=True, text=True, timeout=30)
    return out.stdout.strip()








class Load:
    """The soak's merchant workload from a few threads: each applicant created, its four
    documents uploaded (retried, with the same Idempotency-Key, while the answer is 503 or the
    connection drops, as a client that honours Retry-After does). Every acknowledged write (201,
    202) is recorded with its time, and so is every answer."""

    def __init__(self, merchant, threads=4):
        self.merchant, self.threads = merchant, threads
        self.lock = threading.Lock()
        self.acknowledged_applicants, self.acknowledged_documents, self.complete = {}, {}, []
        self.answers = []  # (time sent, time answered, route, status, had Retry-After, problem code)
        self.in_doubt = 0  # writes cut off while committing (409 idempotency_outcome_unknown)
        self.stop_event, self.workers, self.index = threading.Event(), [], 0

    def call(self, route, method, path, body, key):
        sent = time.time()
        try:
            status, headers, answer = self.merchant.call(method, path, body, headers={"Idempotency-Key": key})
            retry_after = any(h.lower() == "retry-after" for h in headers)
        except OSError:
            status, answer, retry_after = "connection_error", None, False
        code = answer.get("code") if isinstance(answer, dict) else None
        with self.lock:
            self.answers.append((sent, time.time(), route, status, retry_after, code))
        return status, answer

    def write(self, route, method, path, body, expected):
        key = str(uuid.uuid4())
        while not self.stop_event.is_set():
            status, answer = self.call(route, method, path, body, key)
            if status == expected:
                return answer
            if isinstance(answer, dict) and answer.get("code") == "idempotency_outcome_unknown":
                # Cut off while committing: it may have taken effect, and is not repeated.
                with self.lock:
                    self.in_doubt += 1
                return None
            # 409 idempotency_key_in_use: the same key's first try is still held (retry later).
            if status not in (503, 409, "connection_error"):
                return None
            time.sleep(0.5)
        return None

    def flow(self, index):
        created = self.write("create", "POST", "/v1/applicants", {
            "external_user_id": f"ha-{index}-{time.time_ns()}", "first_name": "Ada", "last_name": "Lovelace",
            "date_of_birth": "1990-12-10", "nationality": "GB", "country_of_residence": "GB"}, 201)
        if not created:
            return
        applicant = created["id"]
        with self.lock:
            self.acknowledged_applicants[applicant] = time.time()
        uploaded = 0
        for body in Merchant.document_bodies(document_number(50_000 + index)):
            document = self.write("upload", "POST", f"/v1/applicants/{applicant}/documents", body, 202)
            if not document:
                return
            uploaded += 1
            with self.lock:
                self.acknowledged_documents[document["id"]] = time.time()
        if uploaded == 4:
            with self.lock:
                self.complete.append(applicant)

    def run_thread(self):
        while not self.stop_event.is_set():
            with self.lock:
                self.index += 1
                index = self.index
            self.flow(index)
            time.sleep(0.05)

    def start(self):
        self.stop_event.clear()
        self.workers = [threading.Thread(target=self.run_thread) for _ in range(self.threads)]
        for worker in self.workers:
            worker.start()
        return self

    def stop(self):
        self.stop_event.set()
        for worker in self.workers:
            worker.join()

    def answers_between(self, start, end):
        with self.lock:
            return [a for a in self.answers if start <= a[0] < end]

    def first_write_after(self, moment):
        with self.lock:
            times = [a[1] for a in self.answers if a[0] >= moment and a[2] == "create" and a[3] == 201]
        return min(times) if times else None

    def first_failure_after(self, moment):
        with self.lock:
            times = [a[1] for a in self.answers if a[0] >= moment and a[3] in (503, "connection_error")]
        return min(times) if times else None

    def first_write_on_new_primary(self, killed):
        """The first write sent after the first failure that followed the kill: a killed
        postmaster's backends serve on for a moment, and their commits reach the standby."""
        gap = self.first_failure_after(killed)
        return self.first_write_after(gap) if gap else None


def summarize(answers):
    statuses = {}
    for answer in answers:
        statuses[str(answer[3])] = statuses.get(str(answer[3]), 0) + 1
    return statuses


def check_gap(answers, label):
    statuses = summarize(answers)
    failed = [a for a in answers if a[3] not in (200, 201, 202)]
    bad = [a for a in failed if a[3] not in (503, 409, "connection_error")]
    print(f"  {len(answers)} requests {label}: {statuses}", flush=True)
    check(not bad, f"no answer other than 2xx, 503, or 409 for a retry whose first try is still held, {label}")
    check(all(a[4] for a in failed if a[3] == 503 or a[5] == "idempotency_key_in_use"),
          "every 503 and every 409 idempotency_key_in_use carried Retry-After")
    slowest = max((a[1] - a[0] for a in answers), default=0)
    check(slowest < 15, f"no request hung (slowest {slowest:.1f} s)")
    return len(failed), slowest


def check_nothing_lost(merchant, load, label):
    missing_applicants = [a for a in list(load.acknowledged_applicants) if merchant.call("GET", f"/v1/applicants/{a}")[0] != 200]
    missing_documents = [d for d in list(load.acknowledged_documents) if merchant.call("GET", f"/v1/documents/{d}")[0] != 200]
    check(not missing_applicants and not missing_documents,
          f"{label}: all {len(load.acknowledged_applicants)} acknowledged applicants and {len(load.acknowledged_documents)} documents are there "
          f"({len(missing_applicants)} + {len(missing_documents)} lost)")
    return len(missing_applicants) + len(missing_documents)


def wait_healthy():
    # A killed primary usually rejoins by pg_rewind in seconds; when rewind cannot run (it needs
    # crash recovery first and the node has a standby's signal file), pg_auto_failover clones the
    # new primary instead, which took three minutes under the drill's load.
    return wait_until(lambda: monitor_sql(
        "SELECT string_agg(reportedstate::text || '/' || goalstate::text, ' ' ORDER BY reportedstate) FROM pgautofailover.node")
        == "primary/primary secondary/secondary", 360, 0.5)


def seconds_to_writes(load, killed, message):
    """Seconds from a kill to the first write on the primary that serves after it."""
    check(wait_until(lambda: load.first_write_on_new_primary(killed) is not None, 60, 0.1), message)
    first = load.first_write_on_new_primary(killed)
    return (first - killed) if first else float("inf")


def drill_postmaster_killed(load):
    print("drill 0: the primary's postmaster killed with SIGKILL (its keeper restarts it)", flush=True)
    primary = node_in("primary")
    time.sleep(2)
    killed = time.time()
    formation("ha_postmaster_kill", primary)
    recovery = seconds_to_writes(load, killed, "writes resumed")
    time.sleep(3)
    failed, _ = check_gap(load.answers_between(killed, time.time()), "from the kill to 3 s after writes resumed")
    check(wait_healthy(), "the formation is healthy again")
    serving = node_in("primary")
    how = ("its keeper restarted it in place" if serving == primary else
           f"the monitor failed over to {serving} (Postgres was down past the 4 s unhealthy timeout)")
    print(f"  writes again {recovery:.1f} s after the kill: {how}; {failed} requests failed meanwhile", flush=True)
    figures["postmaster_killed"] = {"seconds_to_first_write": round(recovery, 1), "requests_failed": failed,
                                    "failed_over": serving != primary}


def drill_primary_lost(merchant, load, api_port):
    print("drill 1: the primary's machine lost (keeper and Postgres killed with SIGKILL) under load", flush=True)
    primary = node_in("primary")
    time.sleep(4)
    killed = time.time()
    formation("ha_node_kill", primary)
    failover = seconds_to_writes(load, killed, "writes resumed on the new primary")
    time.sleep(6)
    window = load.answers_between(killed, time.time())
    failed, slowest = check_gap(window, "from the kill to 6 s after the first write on the new primary")
    new_primary = monitor_sql("SELECT nodename FROM pgautofailover.node WHERE goalstate IN ('primary', 'wait_primary') "
                              "AND reportedstate IN ('primary', 'wait_primary')")
    print(f"  {primary} killed; {new_primary} took writes {failover:.1f} s later; {failed} requests failed meanwhile", flush=True)
    check(failover < 30, f"first successful write {failover:.1f} s after the kill (aim: under 30 s)")
    check(new_primary and new_primary != primary, f"the standby ({new_primary}) was promoted")
    check(ready(api_port), "the server is ready on the new primary without a restart")
    figures["failover"] = {"seconds_to_first_write": round(failover, 1), "requests_failed": failed,
                           "slowest_request_seconds": round(slowest, 1), "requests_in_window": len(window)}
    formation("ha_node_start", primary)
    check(wait_healthy(), f"{primary} rejoined as the standby")
    return primary


def drill_standby_lost(load):
    print("drill 2: the standby lost under load", flush=True)
    standby = node_in("secondary")
    killed = time.time()
    formation("ha_node_kill", standby)
    time.sleep(12)
    window = load.answers_between(killed, time.time())
    writes_after = [a for a in window if a[2] == "create" and a[3] == 201]
    failed, slowest = check_gap(window, "while the standby was gone")
    primary_state = monitor_sql("SELECT reportedstate FROM pgautofailover.node WHERE reportedstate IN ('primary', 'wait_primary')")
    print(f"  writes kept coming ({len(writes_after)} applicants created); the primary is `{primary_state}` "
          f"(synchronous replication off until the standby is back); longest request {slowest:.1f} s", flush=True)
    check(len(writes_after) > 0 and failed == 0, "writes continued, none failed")
    check(primary_state == "wait_primary", "the monitor moved the primary to wait_primary")
    figures["standby_lost"] = {"requests_failed": failed, "longest_request_seconds": round(slowest, 1)}
    formation("ha_node_start", standby)
    check(wait_healthy(), f"{standby} caught up and is the synchronous standby again")


def drill_monitor_lost(load):
    print("drill 3: the monitor lost under load", flush=True)
    killed = time.time()
    formation("ha_node_kill", "monitor")
    time.sleep(10)
    window = load.answers_between(killed, time.time())
    failed, slowest = check_gap(window, "without the monitor")
    check(failed == 0 and any(a[3] == 201 for a in window), "the formation kept serving reads and writes")
    figures["monitor_lost"] = {"requests_failed": failed, "longest_request_seconds": round(slowest, 1)}
    formation("ha_node_start", "monitor")
    check(wait_healthy(), "the monitor is back and the formation healthy")


def drill_both_down(merchant, load, api_port):
    print("drill 4: both nodes down, then back", flush=True)
    primary, standby = node_in("primary"), node_in("secondary")
    killed = time.time()
    formation("ha_node_kill", standby)
    formation("ha_node_kill", primary)
    time.sleep(8)
    down = load.answers_between(killed + 1, time.time())
    print(f"  while both were down: {summarize(down)}", flush=True)
    check(down and all(a[3] in (503, "connection_error") for a in down if a[2] == "create"), "writes got 503 while both were down")
    check(all(a[4] for a in down if a[3] == 503), "every 503 carried Retry-After")
    check(not ready(api_port), "/readyz said 503")
    check(max((a[1] - a[0] for a in down), default=0) < 15, "no request hung")
    back = time.time()
    formation("ha_node_start", primary)
    check(wait_until(lambda: load.first_write_after(back) is not None, 90, 0.2), f"writes resumed once {primary} was back")
    first = load.first_write_after(back)
    print(f"  writes again {first - back:.1f} s after {primary} was started" if first else "  no write after the restart", flush=True)
    formation("ha_node_start", standby)
    check(wait_healthy(), "both nodes back, the formation healthy")
    check_nothing_lost(merchant, load, "after both nodes were down")


def drill_lagging_standby(merchant, load):
    print("drill 5: a standby that missed writes is not promoted", flush=True)
    primary, standby = node_in("primary"), node_in("secondary")
    formation("ha_node_kill", standby)
    written_from = time.time()
    time.sleep(6)
    missed = len([a for a in load.answers_between(written_from, time.time()) if a[3] in (201, 202)])
    lost = time.time()
    formation("ha_node_kill", primary)
    formation("ha_node_start", standby)
    time.sleep(15)
    state = monitor_sql(f"SELECT reportedstate || '/' || goalstate FROM pgautofailover.node WHERE nodename = '{standby}'")
    leading = ("single", "wait_primary", "primary", "prepare_promotion", "stop_replication")
    writes = [a for a in load.answers_between(lost + 2, time.time()) if a[2] == "create" and a[3] == 201]
    print(f"  {standby} missed {missed} acknowledged writes, then {primary} was lost; 15 s later {standby} is "
          f"{state} (reported/assigned), {len(writes)} writes accepted", flush=True)
    check(state and not any(s in leading for s in state.split("/")),
          f"{standby}, behind the lost primary, was not promoted (no primary: writes wait, nothing acknowledged is lost)")
    check(not writes, "no write was accepted without a primary that has them all")
    formation("ha_node_start", primary)
    check(wait_healthy(), f"{primary} came back as the primary and {standby} caught up")
    check_nothing_lost(merchant, load, "after the lagging-standby drill")


def audit_heads(url):
    env = dict(os.environ, VOUCH_ADMIN_DATABASE_URL=url)
    out = subprocess.run([BIN, "audit", "verify"], env=env, capture_output=True, text=True, timeout=120)
    return out.returncode, sorted(line for line in out.stdout.splitlines() if line.startswith("ten_"))


def drill_backup_restore(merchant):
    print("drill 6: a base backup, writes, a noted time, more writes, a restore to that time", flush=True)
    backups, archive = os.path.join(WORK, "backups"), os.path.join(FORMATION, "wal-archive")
    early = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3600))
    out = subprocess.run([BIN, "backup", "create", "--dir", backups], capture_output=True, text=True, timeout=300)
    check(out.returncode == 0, f"vouch backup create: {out.stdout.strip() or out.stderr.strip()[-300:]}")
    before = [merchant.create_applicant(label="before") for _ in range(5)]
    noted_count = int(sql("SELECT count(*) FROM applicants"))
    code, noted_heads = audit_heads(ADMIN_URL)
    check(code == 0 and noted_heads, f"the live audit chains are intact ({len(noted_heads)} tenants)")
    time.sleep(1.1)
    noted = time.time()
    target = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(noted)) + f".{int(noted % 1 * 1e6):06d}Z"
    time.sleep(1.1)
    after = [merchant.create_applicant(label="after") for _ in range(5)]
    # An applicant created before the time and erased after it: a restore brings it back.
    forgotten = before[0]
    check(merchant.call("DELETE", f"/v1/applicants/{forgotten}")[0] in (200, 204), "an applicant from before the time erased after it")
    segment = sql("SELECT pg_walfile_name(pg_switch_wal())")
    archived = wait_until(lambda: sql("SELECT last_archived_wal FROM pg_stat_archiver") >= segment, 60, 0.5)
    check(archived, f"the WAL up to the second batch is archived ({segment})")
    port = free_port()
    restored = os.path.join(WORK, "restored")
    started = time.time()
    out = subprocess.run([BIN, "restore", "--backups", backups, "--wal-archive", archive, "--to", target,
                          "--data-dir", restored, "--port", str(port)], capture_output=True, text=True, timeout=600)
    took = time.time() - started
    print("  " + (out.stdout.strip() or out.stderr.strip()).replace("\n", "\n  "), flush=True)
    check(out.returncode == 0, f"vouch restore --to {target} ({took:.1f} s)")
    if out.returncode == 0:
        url = f"postgresql://postgres@127.0.0.1:{port}/vouch"
        count = int(sql("SELECT count(*) FROM applicants", url))
        ids = sql("SELECT string_agg(replace(id::text, '-', ''), ',') FROM applicants", url).split(",")
        check(count == noted_count, f"the restored cluster holds the {noted_count} applicants committed before the noted time ({count})")
        check(all(a[4:] in ids for a in before) and not any(a[4:] in ids for a in after),
              "every applicant created before the time is there and none created after it")
        code, heads = audit_heads(url)
        check(code == 0, "vouch audit verify passes on the restored cluster")
        check(heads == noted_heads, "each tenant's audit head is the one noted at that time")
        erased = f"SELECT count(*) FROM applicants WHERE id = '{forgotten[4:]}'::uuid AND erased_at IS NOT NULL AND first_name IS NULL"
        check(sql(erased, url) == "0", "the applicant erased after that time is back in the restore, unerased")
        env = dict(os.environ, VOUCH_ADMIN_DATABASE_URL=url)
        out = subprocess.run([BIN, "erasures", "replay", "--from", ADMIN_URL, "--since", target], env=env,
                             capture_output=True, text=True, timeout=120)
        print("  " + (out.stdout.strip() or out.stderr.strip()).replace("\n", "\n  "), flush=True)
        check(out.returncode == 0 and sql(erased, url) == "1", "vouch erasures replay erased it again on the restored cluster")
        subprocess.run(["bash", "-c", f'source "{LIB}/common.sh"; as_pg_owner "$(pg_bindir)/pg_ctl" stop -D "$1" -m fast',
                        "_", restored], capture_output=True)
    figures["restore"] = {"seconds": round(took, 1)}
    out = subprocess.run([BIN, "restore", "--backups", backups, "--wal-archive", archive, "--to", early,
                          "--data-dir", os.path.join(WORK, "too-early"), "--port", str(free_port())], capture_output=True, text=True)
    check(out.returncode != 0 and "before the first backup" in out.stderr,
          f"a target before the first backup is refused: {out.stderr.strip().splitlines()[0] if out.stderr.strip() else out.returncode}")


def drain(merchant, load):
    """Waits for every complete applicant's verdict, then checks nothing was done twice."""
    complete = list(load.complete)
    verdicts = {}

    def all_verified():
        for applicant in complete:
            if verdicts.get(applicant) != "verified":
                verdicts[applicant] = merchant.verdict(applicant)
        return all(verdicts.get(a) == "verified" for a in complete)

    wait_until(all_verified, 180, 1)
    undecided = [a for a in complete if verdicts.get(a) != "verified"]
    check(not undecided, f"every applicant with its four documents acknowledged was verified ({len(complete)}; {len(undecided)} not)")
    ids = ",".join(f"'{a[4:]}'" for a in complete) or "''"
    events = sql(f"SELECT count(*), count(DISTINCT subject_id) FROM events WHERE type = 'applicant.verified' AND replace(subject_id::text, '-', '') IN ({ids})")
    total, distinct = (int(x) for x in events.split("|"))
    check(total == distinct == len(complete), f"one applicant.verified event each ({total} events for {distinct} applicants)")
    check(wait_until(lambda: sql("SELECT count(*) FROM jobs") == "0", 120, 1), "no job left behind or dead")
    usage = sql("SELECT (SELECT count(*) FROM usage_events WHERE kind = 'document_checked') || '|' || (SELECT count(*) FROM documents)")
    billed, documents = usage.split("|")
    check(billed == documents, f"every document checked and billed once ({billed} document_checked usage events, {documents} documents)")
    return complete


def check_webhooks(receiver, complete):
    def received():
        with urllib.request.urlopen(receiver + "/_received", timeout=30) as response:
            return json.loads(response.read())

    wanted = {a for a in complete}
    wait_until(lambda: wanted <= {r["data"].get("applicant_id") for r in received() if r.get("verified_with") and r.get("data")}, 120, 1)
    deliveries = received()
    signed = [r for r in deliveries if r.get("verified_with") and r.get("data")]
    arrived = {r["data"].get("applicant_id") for r in signed}
    by_id = {}
    for r in signed:
        by_id[r["id"]] = by_id.get(r["id"], 0) + 1
    repeated = sum(count - 1 for count in by_id.values())
    ids_per_event = {}
    for r in signed:
        ids_per_event.setdefault(r.get("payload_id"), set()).add(r["id"])
    print(f"  {len(signed)} signed deliveries for {len(wanted)} verified applicants; {repeated} repeated a webhook-id "
          f"(a delivery answered 2xx whose record was lost with the primary is sent again, with the same id)", flush=True)
    check(wanted <= arrived, f"every verified applicant's webhook arrived, signed ({len(wanted - arrived)} missing)")
    check(all(len(ids) == 1 for ids in ids_per_event.values()),
          "each event has one webhook-id, so a receiver that keeps the ids it has seen takes each event once")
    check(repeated <= 8, f"repeats are only the deliveries in flight when a primary was lost ({repeated})")
    figures["webhooks"] = {"delivered": len(signed), "repeated": repeated}


def main():
    created = subprocess.run([BIN, "tenant", "create", "--name", "HA drill", "--json"], check=True, capture_output=True, text=True)
    key = json.loads(created.stdout)["api_key"]
    simulator_port, api_port = free_port(), free_port()
    logs = {name: open(os.path.join(WORK, f"{name}.log"), "ab") for name in ("simulator", "server", "receiver")}
    simulator = subprocess.Popen([SIMULATOR, "--port", str(simulator_port), "--callback-url",
                                  f"http://127.0.0.1:{api_port}/v1/callbacks/regulator"], stdout=logs["simulator"], stderr=logs["simulator"])
    receiver = subprocess.Popen([RECEIVER_PYTHON, "-u", os.path.join(LIB, "webhook_receiver.py")], stdout=subprocess.PIPE,
                                stderr=logs["receiver"], text=True)
    receiver_url = f"http://127.0.0.1:{receiver.stdout.readline().strip()}"
    env = dict(os.environ, VOUCH_PORT=str(api_port), VOUCH_SCREENING_URL=f"http://127.0.0.1:{simulator_port}",
               VOUCH_REGULATOR_URL=f"http://127.0.0.1:{simulator_port}", VOUCH_ALLOW_SIMULATED_PROVIDERS="true",
               VOUCH_FACE_CHECKS="off", VOUCH_EGRESS_ALLOW="127.0.0.0/8")
    server = subprocess.Popen([BIN, "serve", "--role", "all"], env=env, stdout=logs["server"], stderr=logs["server"])
    try:
        check(wait_until(lambda: ready(api_port), 60), "the server is ready on the formation")
        merchant = Merchant(f"http://127.0.0.1:{api_port}", key, timeout=30)
        endpoint = merchant.call("POST", "/v1/webhook-endpoints", {"url": receiver_url + "/hook", "events": ["applicant.verified"]})[2]
        request = urllib.request.Request(receiver_url + "/_control", data=json.dumps({"secrets": [endpoint["secret"]]}).encode(), method="POST")
        urllib.request.urlopen(request, timeout=10).read()
        load = Load(merchant).start()
        try:
            drill_postmaster_killed(load)
            drill_primary_lost(merchant, load, api_port)
            drill_standby_lost(load)
            drill_monitor_lost(load)
            drill_both_down(merchant, load, api_port)
            drill_lagging_standby(merchant, load)
        finally:
            load.stop()
        lost = check_nothing_lost(merchant, load, "at the end")
        figures["acknowledged_writes_lost"] = lost
        figures["acknowledged"] = {"applicants": len(load.acknowledged_applicants), "documents": len(load.acknowledged_documents),
                                   "cut_off_while_committing": load.in_doubt}
        print(f"  {load.in_doubt} writes were cut off while committing (409 idempotency_outcome_unknown on retry)", flush=True)
        complete = drain(merchant, load)
        check_webhooks(receiver_url, complete)
        drill_backup_restore(merchant)
        check(server.poll() is None, "the server ran through every drill without a restart")
    finally:
        for process in (server, simulator, receiver):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()
    with open(os.path.join(WORK, "ha-drill.json"), "w") as out:
        json.dump(figures, out, indent=2)
    print("figures: " + json.dumps(figures))
    print(f"ha drills: {len(failures)} failed" + "".join(f"\n  - {f}" for f in failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
