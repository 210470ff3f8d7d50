"""Helpers of scripts/bench-monitoring (standard library only).

    monitoring_bench.py applicants PEOPLE.jsonl COUNT OUT.tsv   verified applicants, COPY-ready
    monitoring_bench.py delta NEW.jsonl APPLICANTS.tsv COUNT NAMESAKES OUT.jsonl
    monitoring_bench.py changed DELTA.jsonl OUT.jsonl            the same entities, each changed
    monitoring_bench.py wait URL KEY [KIND [VERSION]]            the tenant's newest such run, once done

People are the persons of a generated list (scripts/lib/sanctions_gen.py, another seed): their
first name becomes an applicant's first name, the rest the last name; a full birth date and the
first nationality, when they have them, the applicant's. A delta is COUNT `ADD`
operations: NAMESAKES entities named as applicants are (every one of them must come out as a
candidate) and the rest new persons of a third seed, ids prefixed so they add rather than change.
"""

import json
import sys
import time
import urllib.request
import uuid


def persons(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            entity = json.loads(line)
            names = entity.get("properties", {}).get("name") or []
            if entity.get("schema") == "Person" and names:
                yield entity, names[0]


def applicants(people_path, count, out_path):
    written = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for entity, name in persons(people_path):
            words = name.replace("\t", " ").replace("\\", " ").split()
            if len(words) < 2:
                continue
            properties = entity["properties"]
            birth = next((d for d in properties.get("birthDate", []) if len(d) == 10), "\\N")
            country = (properties.get("nationality") or ["\\N"])[0].upper()
            out.write(f"{uuid.uuid4()}\tbench-{written}\t{words[0]}\t{' '.join(words[1:])}\tverified\t{birth}\t{country}\n")
            written += 1
            if written == count:
                break
    if written < count:
        sys.exit(f"only {written} persons with two names in {people_path}")


def delta(new_path, applicants_path, count, namesakes, out_path):
    chosen = []
    with open(applicants_path, encoding="utf-8") as f:
        step = None
        lines = f.readlines()
        step = max(1, len(lines) // max(1, namesakes))
        for line in lines[::step][:namesakes]:
            fields = line.rstrip("\n").split("\t")
            chosen.append(f"{fields[2]} {fields[3]}")
    with open(out_path, "w", encoding="utf-8") as out:
        for index, name in enumerate(chosen):
            entity = {"id": f"namesake-{index}", "schema": "Person", "caption": name,
                      "properties": {"name": [name], "topics": ["sanction"]}, "datasets": ["bench"]}
            out.write(json.dumps({"op": "ADD", "entity": entity}, ensure_ascii=False) + "\n")
        added = len(chosen)
        for entity, _ in persons(new_path):
            if added == count:
                break
            entity["id"] = "delta-" + entity["id"]
            out.write(json.dumps({"op": "ADD", "entity": entity}, ensure_ascii=False) + "\n")
            added += 1


def changed(delta_path, out_path):
    with open(delta_path, encoding="utf-8") as f, open(out_path, "w", encoding="utf-8") as out:
        for line in f:
            operation = json.loads(line)
            operation["op"] = "MOD"
            operation["entity"]["last_change"] = "2026-12-31T00:00:00"
            out.write(json.dumps(operation, ensure_ascii=False) + "\n")


def wait(url, key, kind, version):
    deadline = time.monotonic() + 3600
    while time.monotonic() < deadline:
        request = urllib.request.Request(f"{url}/v1/monitoring-runs?limit=10", headers={"Authorization": f"Bearer {key}"})
        with urllib.request.urlopen(request) as response:
            runs = [r for r in json.load(response)["data"] if r["kind"] == kind and version in (None, r["list_version"])]
        if runs and runs[0]["state"] == "done":
            print(json.dumps(runs[0]))
            return
        time.sleep(0.2)
    sys.exit("no run finished within an hour")


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "applicants":
        applicants(args[0], int(args[1]), args[2])
    elif command == "delta":
        delta(args[0], args[1], int(args[2]), int(args[3]), args[4])
    elif command == "changed":
        changed(args[0], args[1])
    elif command == "wait":
        wait(args[0], args[1], args[2] if len(args) > 2 else "list_change", args[3] if len(args) > 3 else None)
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
