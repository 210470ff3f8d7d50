"""The screening benchmark's baseline: plain rapidfuzz over every listed name, on one thread.

    python3 scripts/lib/sanctions_baseline.py --dir .data/screening-bench/1m --threshold 0.9 \
        [--queries M] [--sweep]

DIR holds entities.jsonl and queries.jsonl as scripts/lib/sanctions_gen.py writes them. Needs
rapidfuzz (pinned below): run with any Python 3.11+ and, when the running interpreter lacks that
exact version, the script makes .data/screening-venv, installs the pin there and runs itself again
with that interpreter.

What it does is what a careful engineer would write first: every `name` and `alias` of every
entity, normalised (lower case; NFKD with combining marks removed, in every script; whitespace
collapsed; no transliteration), in one list; for each query the normalised name goes through

    rapidfuzz.process.extract(query, names, scorer=JaroWinkler.normalized_similarity,
                              limit=…, score_cutoff=threshold)

and the answer is the best 5 distinct entities, in score order (several names of one entity can
score alike, so extract is asked for 20 names, more when those hold fewer than 5 entities). The
search runs at a cutoff 0.01 below the threshold and the threshold is applied afterwards
(score >= threshold): rapidfuzz's cutoff path can reject a pair scoring exactly the cutoff. Birth
date and country are not used. Latency is that call plus the grouping, per query, by
time.perf_counter.

Numbers, at the threshold, overall and per kind of query:
* recall: share of match queries (expected not null) whose expected entity is among the answers;
* precision: answers that are the expected entity / all answers, summed over every query
  (nonmatch queries contribute answers that are all wrong) — the definition `vouch-bench
  screening` uses;
* top1: share of queries answered right at rank 1 (match: the expected entity first;
  nonmatch: no answer at all);
* alert_precision: of the queries with at least one answer, the share whose answers hold the
  expected entity; false_alarm_rate: share of nonmatch queries with any answer;
* name_recall: share of match queries where some name of the expected entity scores at least
  the threshold, whatever else outranks it (the scorer's ceiling without the cut to 5).
--sweep adds these for thresholds 0.80 to 0.98 in steps of 0.01 (overall, and per kind as
[recall or, for nonmatch, false_alarm_rate; precision; top1]), from one search per query at 0.80:
the answers at a higher threshold are a prefix of those.

Prints one JSON report on stdout; progress on stderr.
"""

import argparse
import json
import os
import resource
import sys
import time
import unicodedata

RAPIDFUZZ = "rapidfuzz==3.14.6"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV = os.path.join(ROOT, ".data", "screening-venv")
ANSWERS = 5


def ensure_rapidfuzz():
    """Returns when the pinned rapidfuzz is importable; otherwise puts it in VENV (made once) and
    runs this script again with that interpreter."""
    import subprocess
    from importlib.metadata import PackageNotFoundError, version

    name, pinned = RAPIDFUZZ.split("==")
    try:
        if version(name) == pinned:
            return
    except PackageNotFoundError:
        pass
    if os.environ.get("SCREENING_BASELINE_REEXEC"):
        raise SystemExit(f"{sys.executable} still lacks {RAPIDFUZZ}")
    python = os.path.join(VENV, "bin", "python")
    probe = f"import importlib.metadata as m, sys; sys.exit(m.version('{name}') != '{pinned}')"
    if not os.path.exists(python) or subprocess.run([python, "-c", probe], capture_output=True).returncode:
        print(f"setting up {VENV} with {RAPIDFUZZ}", file=sys.stderr)
        if not os.path.exists(python):
            subprocess.run([sys.executable, "-m", "venv", VENV], check=True, stdout=sys.stderr)
        subprocess.run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", RAPIDFUZZ],
                       check=True, stdout=sys.stderr)
    os.environ["SCREENING_BASELINE_REEXEC"] = "1"
    os.execv(python, [python, os.path.abspath(__file__)] + sys.argv[1:])


_STRIP = None


def normalise(text):
    """Lower case, marks removed after NFKD (any script), whitespace collapsed."""
    s = text.lower()
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s).translate(_STRIP)
    return " ".join(s.split())


def load(path):
    """Every entity's names and aliases, normalised and de-duplicated per entity, in one list;
    owner[i] is the index of the entity names[i] belongs to."""
    from array import array
    ids, names, owner, first = [], [], array("i"), array("i")
    read = 0.0
    norm = 0.0
    with open(path, encoding="utf-8") as f:
        for line in f:
            t0 = time.perf_counter()
            e = json.loads(line)
            props = e.get("properties", {})
            raw = props.get("name", []) + props.get("alias", [])
            t1 = time.perf_counter()
            k = len(ids)
            ids.append(e["id"])
            first.append(len(names))
            seen = set()
            for n in raw:
                v = normalise(n)
                if v and v not in seen:
                    seen.add(v)
                    names.append(v)
                    owner.append(k)
            t2 = time.perf_counter()
            read += t1 - t0
            norm += t2 - t1
            if len(ids) % 200_000 == 0:
                print(f"loaded {len(ids):,} entities", file=sys.stderr)
    first.append(len(names))
    return ids, names, owner, first, read, norm


def search(process, scorer, query, names, owner, cutoff):
    """[(entity index, score)] for the best ANSWERS distinct entities at or above cutoff."""
    limit = 4 * ANSWERS
    while True:
        hits = process.extract(query, names, scorer=scorer, limit=limit, score_cutoff=cutoff)
        out, seen = [], set()
        for _, score, i in hits:
            e = owner[i]
            if e not in seen:
                seen.add(e)
                out.append((e, score))
        if len(out) >= ANSWERS or len(hits) < limit:
            return out
        limit *= 4


def tally(results, queries, threshold, index_of, best_expected):
    """Counts per kind at one threshold; results[i] is the answer list at the lowest cutoff."""
    kinds = {}
    for q, res, best in zip(queries, results, best_expected):
        answers = []
        for e, s in res:
            if s < threshold:
                break
            answers.append(e)
            if len(answers) == ANSWERS:
                break
        exp = index_of.get(q["expected"]) if q["expected"] else None
        k = kinds.setdefault(q["kind"], dict(queries=0, found=0, top=0, returned=0, correct=0, alerted=0,
                                             alerted_right=0, name_found=0))
        k["queries"] += 1
        k["returned"] += len(answers)
        if answers:
            k["alerted"] += 1
        if exp is None:
            if not answers:
                k["top"] += 1
        else:
            hit = exp in answers
            k["found"] += hit
            k["correct"] += hit
            k["alerted_right"] += hit
            k["top"] += bool(answers) and answers[0] == exp
            k["name_found"] += best is not None and best >= threshold
    return kinds


def summarise(counts):
    def r(a, b):
        return round(a / b, 4) if b else None

    total = {key: sum(c[key] for c in counts.values()) for key in next(iter(counts.values()))}
    match = {key: sum(c[key] for k, c in counts.items() if k != "nonmatch") for key in total}
    non = counts.get("nonmatch", {key: 0 for key in total})
    overall = {
        "queries": total["queries"],
        "recall": r(match["found"], match["queries"]),
        "name_recall": r(match["name_found"], match["queries"]),
        "precision": r(total["correct"], total["returned"]),
        "top1": r(total["top"], total["queries"]),
        "alert_precision": r(total["alerted_right"], total["alerted"]),
        "false_alarm_rate": r(non["alerted"], non["queries"]),
        "returned": total["returned"],
    }
    by_kind = {}
    for kind in sorted(counts):
        c = counts[kind]
        row = {"queries": c["queries"], "top1": r(c["top"], c["queries"]), "returned": c["returned"],
               "precision": r(c["correct"], c["returned"])}
        if kind == "nonmatch":
            row["false_alarm_rate"] = r(c["alerted"], c["queries"])
        else:
            row["recall"] = r(c["found"], c["queries"])
            row["name_recall"] = r(c["name_found"], c["queries"])
        by_kind[kind] = row
    return overall, by_kind


def percentile(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(len(s) * p))] if s else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--threshold", type=float, default=0.9)
    ap.add_argument("--queries", type=int, help="use only the first M queries")
    ap.add_argument("--sweep", action="store_true", help="also report thresholds 0.80 … 0.98")
    args = ap.parse_args()
    ensure_rapidfuzz()
    import rapidfuzz
    from rapidfuzz import process
    from rapidfuzz.distance import JaroWinkler

    global _STRIP
    started = time.perf_counter()
    _STRIP = {cp: None for cp in range(0x110000) if unicodedata.combining(chr(cp))}
    ids, names, owner, first, read_s, norm_s = load(os.path.join(args.dir, "entities.jsonl"))
    load_s = time.perf_counter() - started
    index_of = {e: i for i, e in enumerate(ids)}
    with open(os.path.join(args.dir, "queries.jsonl"), encoding="utf-8") as f:
        queries = [json.loads(line) for line in f if line.strip()]
    if args.queries:
        queries = queries[: args.queries]
    # rapidfuzz's cutoff path can drop a pair that scores exactly the cutoff (JaroWinkler gives 0.0
    # with score_cutoff=0.85 where it gives 0.85 without), so search a little below the lowest
    # threshold and apply the threshold here, as score >= threshold.
    cutoff = min([args.threshold] + ([0.80] if args.sweep else [])) - 0.01
    scorer = JaroWinkler.normalized_similarity
    print(f"{len(ids):,} entities, {len(names):,} names in {load_s:.1f}s; {len(queries)} queries",
          file=sys.stderr)

    for q in queries[:3]:   # warm-up
        search(process, scorer, normalise(q["name"]), names, owner, cutoff)
    results, latencies, best_expected = [], [], []
    for n, q in enumerate(queries, 1):
        qn = normalise(q["name"])
        t0 = time.perf_counter()
        res = search(process, scorer, qn, names, owner, cutoff)
        latencies.append((time.perf_counter() - t0) * 1000)
        results.append(res)
        best = None
        if q["expected"] in index_of:
            e = index_of[q["expected"]]
            best = max((scorer(qn, names[i]) for i in range(first[e], first[e + 1])), default=0.0)
        best_expected.append(best)
        if n % 50 == 0:
            print(f"queries: {n}/{len(queries)}", file=sys.stderr)

    overall, by_kind = summarise(tally(results, queries, args.threshold, index_of, best_expected))
    report = {
        "engine": f"rapidfuzz {rapidfuzz.__version__} process.extract, JaroWinkler.normalized_similarity",
        "dir": args.dir,
        "entities": len(ids),
        "names": len(names),
        "read_seconds": round(read_s, 2),
        "normalise_seconds": round(norm_s, 2),
        "load_seconds": round(load_s, 2),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "threshold": args.threshold,
        "answers_per_query": ANSWERS,
        "p50_ms": round(percentile(latencies, 0.5), 2),
        "p99_ms": round(percentile(latencies, 0.99), 2),
        "mean_ms": round(sum(latencies) / max(1, len(latencies)), 2),
        **overall,
        "by_kind": by_kind,
    }
    if args.sweep:
        sweep = []
        for step in range(80, 99):
            t = step / 100
            o, kinds = summarise(tally(results, queries, t, index_of, best_expected))
            row = {"threshold": t, **{k: o[k] for k in ("recall", "name_recall", "precision", "top1",
                                                         "alert_precision", "false_alarm_rate", "returned")}}
            # per kind: [recall (false_alarm_rate for nonmatch), precision, top1]
            row["by_kind"] = {k: [v.get("recall", v.get("false_alarm_rate")), v["precision"], v["top1"]]
                              for k, v in kinds.items()}
            sweep.append(row)
        report["sweep"] = sweep
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
