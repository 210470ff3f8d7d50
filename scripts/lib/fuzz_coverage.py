"""Which operations of openapi.yaml a schemathesis run got a 2xx from (standard library only).

Usage: fuzz_coverage.py SPEC NDJSON_REPORT...

Reads the runs' NDJSON reports (`--report ndjson`), counts each operation's response statuses and
prints one line per operation, those without a 2xx with the statuses they got and, when it is
known, why, then `2xx reached: N/M operations`. Informational: the exit status is 0 either way.
"""
import collections, json, re, sys

# Operations no request of a fuzzer can get a 2xx from, by design.
BY_DESIGN = {
    "regulatorCallback": "needs X-Regulator-Signature, an HMAC of the body under the regulator's secret, "
    "and the reference of a pending regulator check",
}


def operations(spec):
    """(method, path template) -> operationId, read from the spec's layout: paths two spaces in,
    methods four, operationId six."""
    found, path, method = {}, None, None
    for line in open(spec, encoding="utf-8"):
        if re.match(r"^\S", line):
            path = None
        elif m := re.match(r"^  (/\S*):\s*$", line):
            path = m.group(1)
        elif path and (m := re.match(r"^    (get|put|post|delete|patch|head|options):\s*$", line)):
            method = m.group(1).upper()
        elif path and method and (m := re.match(r"^      operationId:\s*(\S+)\s*$", line)):
            found[(method, path)] = m.group(1)
            method = None
    return found


def scenarios(reports):
    """Every finished scenario's recorder in the reports."""
    for report in reports:
        with open(report, encoding="utf-8") as lines:
            for line in lines:
                finished = json.loads(line).get("ScenarioFinished")
                if finished:
                    yield finished["recorder"]


def statuses(reports):
    """(method, path template) -> Counter of response statuses (None: no response)."""
    seen = collections.defaultdict(collections.Counter)
    for recorder in scenarios(reports):
        cases = recorder.get("cases", {})
        for case_id, interaction in recorder.get("interactions", {}).items():
            case = cases.get(case_id, {}).get("value", {})
            response = interaction.get("response")
            key = (case.get("method", "?").upper(), case.get("path", "?"))
            seen[key][response["status_code"] if response else None] += 1
    return seen


def main(spec, *reports):
    ops, seen = operations(spec), statuses(reports)
    reached, missing = [], []
    for key, operation_id in sorted(ops.items(), key=lambda item: (item[0][1], item[0][0])):
        counts = seen.get(key, collections.Counter())
        label = f"{operation_id} ({key[0]} {key[1]})"
        if any(status is not None and 200 <= status < 300 for status in counts):
            reached.append(label)
            continue
        got = ", ".join(f"{status or 'no answer'}×{n}" for status, n in counts.most_common()) or "never requested"
        why = BY_DESIGN.get(operation_id)
        missing.append(f"{label}: {got}" + (f"; by design: {why}" if why else ""))
    for label in reached:
        print(f"  2xx  {label}")
    for line in missing:
        print(f"  --   {line}")
    print(f"2xx reached: {len(reached)}/{len(ops)} operations")


if __name__ == "__main__":
    main(*sys.argv[1:])
