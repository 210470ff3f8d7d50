"""Checks a test run's server logs for personal data.

Every line must be a JSON object; no line may carry a test applicant's name, email, date of
birth or document number (the fixtures' values, below) nor an API key or session secret. The
check proves it can see something: the log must hold request lines with request ids, and a
planted line with a name must be caught.

    python3 check_log_privacy.py LOGFILE
"""

import json
import re
import sys

# The personal data the suites send: the fixtures' profile, machine-readable zones and
# simulator magic names (Tests/VouchAPITests/PipelineSupport.swift, MRZSamples.swift, …).
MARKERS = [
    "Lovelace", "LOVELACE", "Ada Lovelace", "ada@example.com", "1990-12-10",
    "L898902C3", "Sanctioned", "Exposed", "Similar",
]
PATTERNS = [
    re.compile(r"\bV\d{8}\b"),            # the fixtures' document numbers (PipelineSamples)
    re.compile(r"vk_(live|test)_[0-9a-f]{32}_"),  # API key secrets
    re.compile(r"whsec_[A-Za-z0-9+/=]{20,}"),  # webhook secrets
    re.compile(r"eyJ[A-Za-z0-9_-]{10,}\.eyJ"),  # session tokens (JWT)
    re.compile(r"<<ADA<|<<LOVELACE"),     # zone fragments
    # The fixtures' birth date as a zone writes it, but not inside a hex id: a random request
    # id holds these six digits about once in a hundred test runs.
    re.compile(r"(?<![0-9a-f_])901210"),
]


def findings(line):
    found = [marker for marker in MARKERS if marker in line]
    found += [pattern.pattern for pattern in PATTERNS if pattern.search(line)]
    return found


def main(path):
    assert findings('{"msg": "hello Ada Lovelace"}'), "the check cannot see a planted name"
    assert not findings('{"msg": "request", "request_id": "req_1"}'), "the check flags a clean line"
    lines = 0
    requests = 0
    problems = []
    with open(path, encoding="utf-8", errors="replace") as log:
        for number, line in enumerate(log, 1):
            lines += 1
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                problems.append(f"line {number}: not JSON: {line[:120]!r}")
                continue
            if entry.get("msg") == "request" and entry.get("request_id"):
                requests += 1
            found = findings(line)
            if found:
                problems.append(f"line {number}: {', '.join(found)}: {line[:200]!r}")
    if requests < 100:
        problems.append(f"only {requests} request lines in {lines}: the log did not capture the run")
    for problem in problems[:20]:
        print(problem)
    print(f"log privacy: {lines} lines, {requests} requests, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
