"""Steady-rate applicant load for scripts/bench-pipeline (standard library only)."""
import base64, http.client, json, os, statistics, subprocess, sys, threading, time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kyc_samples import PDF, jpeg, td1  # noqa: E402

url, key, seconds, pg_port = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
rates = [float(r) for r in sys.argv[5:]]
host, port = url.split("//")[1].split(":")
headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
local = threading.local()


def connection():
    if not hasattr(local, "conn"):
        local.conn = http.client.HTTPConnection(host, int(port), timeout=30)
    return local.conn


def request(method, path, body):
    conn = connection()
    try:
        conn.request(method, path, json.dumps(body), headers)
        response = conn.getresponse()
        data = response.read()
    except (http.client.HTTPException, OSError):
        local.__dict__.pop("conn", None)
        raise
    if response.status >= 300:
        raise RuntimeError(f"{method} {path}: {response.status} {data[:200]!r}")
    return json.loads(data)


today = time.strftime("%Y-%m-%d", time.gmtime())
# With face checks on (scripts/bench-pipeline, BENCH_PIPELINE_FACES=1): the face tests' identity
# cards and selfies, two people in turn, each file made unique by a JPEG comment after its start.
faces = os.environ.get("PIPELINE_FACE_PHOTOS")
people = [(open(os.path.join(faces, f"card-{card}.jpg"), "rb").read(), open(os.path.join(faces, f"selfie-{selfie}.jpg"), "rb").read())
          for card, selfie in (("obama", "obama2"), ("biden", "biden"))] if faces else []


def applicant(n, started):
    created = request("POST", "/v1/applicants", {
        "external_user_id": f"bench-{n}", "first_name": "Ada", "last_name": "Lovelace",
        "date_of_birth": "1990-12-10", "nationality": "GB"})
    ident = created["id"]
    b64 = lambda data: base64.b64encode(data).decode()
    unique = lambda jpeg_bytes: jpeg_bytes[:2] + b"\xff\xfe\x00\x12" + os.urandom(16) + jpeg_bytes[2:]
    card, selfie = (unique(people[n % 2][0]), unique(people[n % 2][1])) if people else (None, None)
    docs = [
        {"doc_type": "ID_FRONT", "doc_body": b64(card or jpeg(1280, 800, 200_000))},
        {"doc_type": "ID_BACK", "doc_body": b64(jpeg(1280, 800, 200_000)), "mrz": td1(f"B{n:08d}", "LOVELACE", "ADA")},
        {"doc_type": "PROOF_OF_ADDRESS", "doc_body": b64(PDF + os.urandom(50_000) + b"\n%%EOF\n"), "fields": {"issue_date": today}},
        {"doc_type": "SELFIE", "doc_body": b64(selfie or jpeg(720, 960, 150_000))},
    ]
    first_upload = time.time()
    for doc in docs:
        request("POST", f"/v1/applicants/{ident}/documents", doc)
    return ident, first_upload, time.time()


def psql(sql):
    out = subprocess.run(["psql", "-X", "-A", "-t", "-h", "127.0.0.1", "-p", pg_port, "-U", "postgres", "-d", "vouch", "-c", sql],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def run(rate, first_n):
    interval, count = 1.0 / rate, int(rate * seconds)
    results, errors = [], []
    with ThreadPoolExecutor(max_workers=128) as pool:
        start = time.time()
        futures = []
        for i in range(count):
            delay = start + i * interval - time.time()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(applicant, first_n + i, start))
        for future in futures:
            try:
                results.append(future.result())
            except Exception as error:  # noqa: BLE001 - counted and shown
                errors.append(str(error))
    offered_end = time.time()
    achieved = len(results) / max(offered_end - start, 1e-9)
    ids = [r[0] for r in results]
    deadline = time.time() + 120
    id_list = ",".join("'" + i.split("_")[1] + "'" for i in ids)
    while time.time() < deadline:
        pending = int(psql(f"SELECT count(*) FROM applicants WHERE id IN ({id_list}) AND decision IS NULL") or 0)
        if pending == 0:
            break
        time.sleep(0.2)
    rows = psql(f"SELECT replace(id::text, '-', ''), extract(epoch FROM decided_at), coalesce(decision, 'none') FROM applicants WHERE id IN ({id_list})")
    decided = {}
    for line in rows.splitlines():
        ident, at, decision = line.split("|")
        decided["app_" + ident] = (float(at) if at else None, decision)
    latencies, verdicts = [], {}
    last_decision = 0
    for ident, first_upload, _ in results:
        at, decision = decided.get(ident, (None, "none"))
        verdicts[decision] = verdicts.get(decision, 0) + 1
        if at:
            latencies.append((at - first_upload) * 1000)
            last_decision = max(last_decision, at)
    latencies.sort()
    pct = lambda p: latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] if latencies else float("nan")
    drained = last_decision - offered_end if last_decision else float("nan")
    sustained = not errors and achieved >= 0.95 * rate and len(latencies) == len(results) and drained < 2.0
    return {"rate": rate, "achieved": achieved, "applicants": len(results), "errors": len(errors), "p50": pct(50),
            "p99": pct(99), "drain_s": drained, "verdicts": verdicts, "sustained": sustained,
            "first_error": errors[0] if errors else ""}


print("| offered applicants/s | achieved | applicants | p50 ms | p99 ms | last verdict after load s | verdicts | errors | sustained |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |")
n, best = 0, 0
for rate in rates:
    row = run(rate, n)
    n += row["applicants"] + row["errors"] + 1
    verdicts = ", ".join(f"{k} {v}" for k, v in sorted(row["verdicts"].items()))
    print(f"| {rate:.0f} | {row['achieved']:.1f} | {row['applicants']} | {row['p50']:.0f} | {row['p99']:.0f} | "
          f"{row['drain_s']:.2f} | {verdicts} | {row['errors']} | {'yes' if row['sustained'] else 'no'} |", flush=True)
    if row["first_error"]:
        print(f"  first error: {row['first_error']}", flush=True)
    if row["sustained"]:
        best = max(best, rate)
    time.sleep(2)
print()
print(f"largest sustained rate: {best:.0f} applicants/s")
