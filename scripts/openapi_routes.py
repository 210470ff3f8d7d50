#!/usr/bin/env python3
"""Checks that openapi.yaml and the server's router describe the same routes.

Usage:
    openapi_routes.py [ROUTES_FILE] [--spec openapi.yaml]

The route list (from ROUTES_FILE, or stdin when it is omitted or "-") has one
route per line, `METHOD /path`, as printed by `vouch routes`. Path parameters
may be written `{name}` or `:name`; they are compared without their names, so
`/v1/applicants/:id` matches `/v1/applicants/{applicant_id}`. Blank lines and
lines starting with `#` are ignored.

Prints the routes the server has but the spec lacks and the operations the
spec has but the server lacks, and exits 1 if there are any.
"""

import argparse
import os
import re
import sys

try:
    import yaml
except ImportError:  # pragma: no cover - depends on the environment
    sys.exit("openapi_routes.py needs PyYAML (scripts/check-openapi installs it in .data/venv)")

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
PARAMETER = re.compile(r"\{[^/{}]+\}|:[^/]+")


def normalise(method, path):
    """The comparison key for a route: upper-case method, unnamed parameters."""
    path = path.strip()
    if len(path) > 1:
        path = path.rstrip("/")
    segments = [PARAMETER.sub("{}", segment) for segment in path.split("/")]
    return method.upper(), "/".join(segments)


def spec_routes(spec_path):
    with open(spec_path, encoding="utf-8") as handle:
        spec = yaml.safe_load(handle)
    routes = {}
    for path, item in (spec.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            if method in item:
                routes.setdefault(normalise(method, path), f"{method.upper()} {path}")
    return routes


def server_routes(lines):
    routes = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split()
        if len(fields) < 2 or not fields[1].startswith("/"):
            sys.exit(f"route list line {number}: expected `METHOD /path`, got {raw.rstrip()!r}")
        method, path = fields[0], fields[1]
        routes.setdefault(normalise(method, path), f"{method.upper()} {path}")
    return routes


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description="Compare openapi.yaml with the server's routes.")
    parser.add_argument("routes", nargs="?", default="-", help="route list file (default: stdin)")
    parser.add_argument("--spec", default=os.path.join(root, "openapi.yaml"), help="OpenAPI document")
    args = parser.parse_args()

    documented = spec_routes(args.spec)
    if args.routes == "-":
        served = server_routes(sys.stdin)
    else:
        with open(args.routes, encoding="utf-8") as handle:
            served = server_routes(handle)

    if not served:
        sys.exit("openapi: the route list is empty")

    undocumented = sorted(set(served) - set(documented), key=lambda key: (key[1], key[0]))
    unserved = sorted(set(documented) - set(served), key=lambda key: (key[1], key[0]))

    if undocumented:
        print(f"openapi: {len(undocumented)} route(s) served but missing from {os.path.basename(args.spec)}:")
        for key in undocumented:
            print(f"  {served[key]}")
    if unserved:
        print(f"openapi: {len(unserved)} operation(s) in {os.path.basename(args.spec)} that the server does not register:")
        for key in unserved:
            print(f"  {documented[key]}")
    if undocumented or unserved:
        return 1

    print(f"openapi: {len(served)} routes match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
