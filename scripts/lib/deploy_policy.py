"""The rules deploy/ keeps beyond what its schemas check; scripts/lint-deploy runs this last.

The schema checks say a file is well formed; these say it is what Vouch needs: no secret written
into a file, every pod locked down and given time to shut down gracefully, the gateway's limits
matching the server's. Prints one line per problem and exits 1 if there is any.
"""

import pathlib
import re
import sys

import yaml

DEPLOY = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "deploy")

# Names whose values are secrets wherever they appear.
SECRET_NAME = re.compile(r"(API_KEY|MASTER_KEY|CLIENT_KEY|SECRET|PASSWORD|TOKEN|DATABASE_URL)$")
# A value that only interpolates a variable: ${NAME}, ${NAME:?…}, ${NAME:-…}.
INTERPOLATION = re.compile(r"^\$\{[A-Z_][A-Z0-9_]*(?:(?::?[?-]).*)?\}$")
# Settings the server reads whose defaults the checks need (README's configuration table).
DEFAULT_SHUTDOWN_GRACE_SECONDS = 25
DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024

problems = []


def problem(where, text):
    problems.append(f"{where}: {text}")


def load(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def seconds(text):
    """Compose durations as this project writes them: 35s, 1m, 1m30s."""
    match = re.fullmatch(r"(?:(\d+)m)?(?:(\d+)s)?", str(text))
    if not match or not any(match.groups()):
        return None
    return int(match.group(1) or 0) * 60 + int(match.group(2) or 0)


def max_request_bytes(file_bytes):
    """DocumentUploadLimits.maximumRequestBytes: the file as base64 plus 256 KiB of fields."""
    return (file_bytes + 2) // 3 * 4 + 256 * 1024


def nginx_size(text):
    match = re.fullmatch(r"(\d+)([kKmMgG]?)", text)
    factor = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[match.group(2).lower()]
    return int(match.group(1)) * factor


def check_compose():
    where = "deploy/docker-compose.yml"
    compose = load(DEPLOY / "docker-compose.yml")
    example_keys = {}
    for line in (DEPLOY / ".env.example").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            example_keys[name] = value
            if SECRET_NAME.search(name) and value:
                problem("deploy/.env.example", f"{name} has a value; secrets are left empty there")

    text = (DEPLOY / "docker-compose.yml").read_text(encoding="utf-8")
    for name in sorted(set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)", text))):
        if name not in example_keys:
            problem(where, f"${{{name}}} is used but deploy/.env.example does not list it")

    for service_name, service in compose["services"].items():
        environment = service.get("environment") or {}
        if isinstance(environment, list):
            environment = dict(item.split("=", 1) for item in environment)
        for name, value in environment.items():
            value = "" if value is None else str(value)
            if (SECRET_NAME.search(name) or name == "PGPASSWORD") and not name.endswith("_URL"):
                if not INTERPOLATION.match(value):
                    problem(where, f"{service_name}: {name} is written in the file; interpolate it")
            if re.search(r"://[^/@\s]+:[^/@\s]+@", value):
                problem(where, f"{service_name}: {name} carries a password in a URL")
        command = service.get("command") or []
        if "serve" in command:
            grace = seconds(service.get("stop_grace_period", "10s"))
            # The value itself, or the default of its ${…:-N} interpolation.
            given = re.search(r"(\d+)\}?$", str(environment.get("VOUCH_SHUTDOWN_GRACE_SECONDS", "")))
            wanted = int(given.group(1)) if given else DEFAULT_SHUTDOWN_GRACE_SECONDS
            if grace is None or grace <= wanted:
                problem(where, f"{service_name}: stop_grace_period must exceed the shutdown grace ({wanted} s)")
        if "serve" in command and "api" in command and environment.get("VOUCH_RATE_LIMIT") != "shared":
            problem(where, f"{service_name}: several api containers need VOUCH_RATE_LIMIT=shared")


def check_kubernetes():
    base = DEPLOY / "k8s"
    kustomization = load(base / "kustomization.yaml")
    listed = kustomization.get("resources", [])
    # Examples (*.example.yaml) stay outside the kustomization on purpose.
    present = sorted(
        p.name for p in base.glob("*.yaml") if p.name != "kustomization.yaml" and ".example." not in p.name
    )
    for name in sorted(set(present) - set(listed)):
        problem("deploy/k8s/kustomization.yaml", f"{name} is not listed in resources")
    for name in sorted(set(listed) - set(present)):
        problem("deploy/k8s/kustomization.yaml", f"lists {name}, which does not exist")
    image_names = {image["name"] for image in kustomization.get("images", [])}

    documents = []
    for name in listed:
        if (base / name).exists():
            for document in yaml.safe_load_all((base / name).read_text(encoding="utf-8")):
                if document:
                    documents.append((name, document))

    config = {}
    for name, document in documents:
        if document.get("kind") == "Secret":
            problem(f"deploy/k8s/{name}", "a Secret in the kustomization; create it by hand and reference it")
        if document.get("kind") == "ConfigMap":
            for key in document.get("data", {}):
                if SECRET_NAME.search(key):
                    problem(f"deploy/k8s/{name}", f"{key} looks secret; it belongs in the Secret")
            config.update(document.get("data", {}))
    grace = int(config.get("VOUCH_SHUTDOWN_GRACE_SECONDS", DEFAULT_SHUTDOWN_GRACE_SECONDS))

    for name, document in documents:
        kind = document.get("kind")
        if kind not in ("Deployment", "Job"):
            continue
        where = f"deploy/k8s/{name}"
        pod = document["spec"]["template"]["spec"]
        if not (pod.get("securityContext") or {}).get("runAsNonRoot"):
            problem(where, "pod securityContext must set runAsNonRoot: true")
        if kind == "Deployment":
            pre_stop = 0
            for container in pod["containers"]:
                pre_stop_hook = (container.get("lifecycle") or {}).get("preStop") or {}
                command = pre_stop_hook.get("exec", {}).get("command", [])
                if command[:1] == ["sleep"]:
                    pre_stop = max(pre_stop, int(command[1]))
            period = pod.get("terminationGracePeriodSeconds", 30)
            if not isinstance(period, int):
                problem(where, f"terminationGracePeriodSeconds must be a number of seconds, not {period!r}")
            elif period <= grace + pre_stop:
                problem(
                    where,
                    f"terminationGracePeriodSeconds ({period}) must exceed the shutdown grace ({grace} s)"
                    f" plus the preStop pause ({pre_stop} s)",
                )
        for container in pod["containers"]:
            cwhere = f"{where} ({container['name']})"
            image = container.get("image", "")
            if image.split(":")[0] not in image_names:
                problem(cwhere, f"image {image} is not set by the kustomization's images")
            context = container.get("securityContext") or {}
            if context.get("readOnlyRootFilesystem") is not True:
                problem(cwhere, "readOnlyRootFilesystem must be true")
            if context.get("allowPrivilegeEscalation") is not False:
                problem(cwhere, "allowPrivilegeEscalation must be false")
            if "ALL" not in ((context.get("capabilities") or {}).get("drop") or []):
                problem(cwhere, "capabilities must drop ALL")
            resources = container.get("resources") or {}
            for section in ("requests", "limits"):
                for resource in ("cpu", "memory"):
                    if resource not in (resources.get(section) or {}):
                        problem(cwhere, f"resources.{section}.{resource} is missing")
            if kind == "Deployment":
                for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
                    if probe not in container:
                        problem(cwhere, f"{probe} is missing")
            for variable in container.get("env", []):
                if SECRET_NAME.search(variable["name"]) and "value" in variable:
                    problem(cwhere, f"{variable['name']} is written inline; take it from a Secret")
    return config


def check_nginx(config):
    where = "deploy/nginx/nginx.conf"
    text = (DEPLOY / "nginx" / "nginx.conf").read_text(encoding="utf-8")
    sizes = re.findall(r"^\s*client_max_body_size\s+(\S+);", text, re.MULTILINE)
    upload = int(config.get("VOUCH_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))
    if not sizes:
        problem(where, "client_max_body_size is not set (nginx's default is 1m)")
    for size in sizes:
        if nginx_size(size) < max_request_bytes(upload):
            limit = max_request_bytes(upload)
            problem(where, f"client_max_body_size {size} is below the server's largest upload request ({limit} bytes)")
    if not re.search(r"location\s+/metrics\s*\{\s*return\s+404;\s*\}", text):
        problem(where, "location /metrics { return 404; } is missing: metrics must not be public")
    if "$request_id" not in text or "X-Request-Id" not in text:
        problem(where, "the request id is not passed on (X-Request-Id, $request_id)")


check_compose()
check_nginx(check_kubernetes())
for line in problems:
    print(f"deploy policy: {line}")
if problems:
    sys.exit(1)
print("deploy policy: ok")
