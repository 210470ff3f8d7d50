# shellcheck shell=bash
# A replicated PostgreSQL formation on 127.0.0.1, run by pg_auto_failover: a monitor, a primary
# and a synchronous standby, each a `pg_autoctl run` keeper of its own. Source after common.sh.
#
#   ha_formation_start DIR     create (first use) and start; prints the nodes' "host:port,host:port"
#   ha_formation_stop DIR      stop every keeper and its Postgres
#   ha_node_kill DIR NAME      SIGKILL a node's keeper and its Postgres, as when its machine dies
#   ha_node_start DIR NAME     start a node's keeper again (a killed primary rejoins as a standby)
#   ha_postmaster_kill DIR NAME  SIGKILL a node's postmaster only (its keeper restarts it)
#   ha_state DIR               the monitor's view of the formation
#
# DIR holds everything: monitor/, node1/, node2/, the keepers' configuration (XDG dirs), their
# logs, and wal-archive/, where both nodes archive their WAL (for `vouch backup` and
# `vouch restore`). The ports are chosen once and kept in DIR/ports.

HA_NODES=(node1 node2)

# The pg_auto_failover package for the installed PostgreSQL (postgresql-15-auto-failover on
# Debian 12); run after ensure_packages has installed PostgreSQL.
ha_package() {
    printf 'postgresql-%s-auto-failover\n' "$(basename "$(dirname "$(pg_bindir)")")"
}

# Failure detection, shorter than pg_auto_failover's defaults (a 20 s unhealthy timeout and a
# 30 s demotion timeout gave a 50 s failover here). The demotion timeout must stay above the
# keepers' network_partition_timeout: an old primary cut off from the monitor demotes itself
# within that time, before the monitor may promote the standby, so two primaries never take writes.
HA_MONITOR_SETTINGS=(
    "pgautofailover.health_check_period=1000"
    "pgautofailover.health_check_timeout=1000"
    "pgautofailover.health_check_max_retries=1"
    "pgautofailover.health_check_retry_delay=500"
    "pgautofailover.node_considered_unhealthy_timeout=4000"
    "pgautofailover.primary_demote_timeout=8000"
)
HA_NETWORK_PARTITION_TIMEOUT=5

# Runs pg_autoctl (or any command) as the cluster owner with the formation's configuration dirs.
_ha_run() {
    local dir="$1"
    shift
    as_pg_owner env PATH="$(pg_bindir):${PATH}" XDG_CONFIG_HOME="${dir}/xdg/config" \
        XDG_DATA_HOME="${dir}/xdg/data" XDG_RUNTIME_DIR="${dir}/xdg/run" "$@"
}

_ha_port() {
    sed -n "s/^$2=//p" "$1/ports"
}

# Runs QUERY on the monitor's state database; prints its rows, or nothing while it is down.
_ha_monitor_sql() {
    _ha_run "$1" psql -h 127.0.0.1 -p "$(_ha_port "$1" monitor)" -U postgres -d pg_auto_failover -XAtq -c "$2" 2>/dev/null || true
}

_ha_monitor_uri() {
    printf 'postgres://autoctl_node@127.0.0.1:%s/pg_auto_failover?sslmode=disable\n' "$(_ha_port "$1" monitor)"
}

# Starts NAME's keeper in a session of its own (so that it outlives this script's shell and can be
# killed as a group), logging to DIR/NAME.log.
ha_node_start() {
    local dir="$1" name="$2"
    _ha_run "${dir}" setsid pg_autoctl run --pgdata "${dir}/${name}" >>"${dir}/${name}.log" 2>&1 </dev/null &
}

# The pid of NAME's keeper, if it runs.
_ha_keeper() {
    local owner
    owner="$(id -un)"
    [[ ${EUID} -ne 0 ]] || owner=postgres
    pgrep -u "${owner}" -f "^pg_autoctl run --pgdata $1/$2\$" || true
}

# The pids of NAME's keeper and every process below it, Postgres included.
_ha_node_pids() {
    local dir="$1" name="$2" keeper
    keeper="$(_ha_keeper "${dir}" "${name}")"
    [[ -n ${keeper} ]] || return 0
    printf '%s\n' "${keeper}"
    pgrep -s "$(ps -o sid= -p "${keeper}" | tr -d ' ')" || true
}

ha_node_kill() {
    local dir="$1" name="$2" pids
    pids="$(_ha_node_pids "${dir}" "${name}" | sort -u)"
    # The postmaster too, by its pid file: it must not outlive its keeper and serve on.
    if [[ -f ${dir}/${name}/postmaster.pid ]]; then
        pids+=" $(head -n1 "${dir}/${name}/postmaster.pid")"
    fi
    # shellcheck disable=SC2086
    [[ -z ${pids// /} ]] || kill -9 ${pids} 2>/dev/null || true
}

# SIGKILL to NAME's postmaster only: its keeper sees Postgres die and starts it again.
ha_postmaster_kill() {
    local dir="$1" name="$2"
    [[ -f ${dir}/${name}/postmaster.pid ]] || vouch_die "${name} has no running postmaster"
    kill -9 "$(head -n1 "${dir}/${name}/postmaster.pid")"
}

# Waits until the monitor reports STATE for NAME (up to SECONDS, default 60).
ha_wait_state() {
    local dir="$1" name="$2" state="$3" seconds="${4:-60}" i
    for ((i = 0; i < seconds * 5; i++)); do
        if [[ "$(_ha_monitor_sql "${dir}" "SELECT reportedstate FROM pgautofailover.node WHERE nodename = '${name}'")" == "${state}" ]]; then
            return 0
        fi
        sleep 0.2
    done
    vouch_log "the formation in ${dir}: ${name} did not reach ${state} within ${seconds} s"
    return 1
}

ha_state() {
    _ha_run "$1" pg_autoctl show state --pgdata "$1/monitor"
}

# "127.0.0.1:P1,127.0.0.1:P2": the host list for a multi-host connection string.
ha_hosts() {
    printf '127.0.0.1:%s,127.0.0.1:%s\n' "$(_ha_port "$1" node1)" "$(_ha_port "$1" node2)"
}

_ha_create() {
    local dir="$1" monitor_port setting
    vouch_log "creating a pg_auto_failover formation in ${dir} (monitor, primary, standby)"
    {
        printf 'monitor=%s\n' "$(free_port)"
        printf 'node1=%s\n' "$(free_port)"
        printf 'node2=%s\n' "$(free_port)"
    } >"${dir}/ports"
    mkdir -p "${dir}/xdg/config" "${dir}/xdg/data" "${dir}/xdg/run" "${dir}/wal-archive"
    chmod 700 "${dir}/xdg/run"
    [[ ${EUID} -ne 0 ]] || chown -R postgres:postgres "${dir}"
    monitor_port="$(_ha_port "${dir}" monitor)"
    _ha_run "${dir}" pg_autoctl create monitor --pgdata "${dir}/monitor" --pgport "${monitor_port}" \
        --hostname 127.0.0.1 --auth trust --no-ssl >>"${dir}/monitor.log" 2>&1 ||
        vouch_die "pg_autoctl could not create the monitor (see ${dir}/monitor.log)"
    # A monitor of its own, small: it holds the formation's state only.
    printf "listen_addresses = '127.0.0.1'\nshared_buffers = '64MB'\n" >>"${dir}/monitor/postgresql.conf"
    for setting in "${HA_MONITOR_SETTINGS[@]}"; do
        printf '%s = %s\n' "${setting%%=*}" "${setting#*=}" >>"${dir}/monitor/postgresql.conf"
    done
    ha_node_start "${dir}" monitor
    _ha_wait_port "${monitor_port}" || vouch_die "the monitor did not start (see ${dir}/monitor.log)"
    _ha_create_node "${dir}" node1
    ha_wait_state "${dir}" node1 single 60 || vouch_die "node1 did not become the primary (see ${dir}/node1.log)"
    _ha_create_node "${dir}" node2
}

# Creates NAME as a keeper of the formation and starts it. The first node becomes the primary; the
# next one clones it (pg_basebackup, postgresql.auto.conf included) and becomes its standby.
_ha_create_node() {
    local dir="$1" name="$2" port
    port="$(_ha_port "${dir}" "${name}")"
    _ha_run "${dir}" pg_autoctl create postgres --pgdata "${dir}/${name}" --pgport "${port}" --listen 127.0.0.1 \
        --hostname 127.0.0.1 --name "${name}" --dbname vouch --auth trust --no-ssl \
        --monitor "$(_ha_monitor_uri "${dir}")" >>"${dir}/${name}.log" 2>&1 ||
        vouch_die "pg_autoctl could not create ${name} (see ${dir}/${name}.log)"
    _ha_run "${dir}" pg_autoctl config set --pgdata "${dir}/${name}" \
        timeout.network_partition_timeout "${HA_NETWORK_PARTITION_TIMEOUT}" >/dev/null
    # The same settings on both nodes, whichever is the primary: a size for one machine instead
    # of pg_auto_failover's share of all memory, room for the test suite's connections, and WAL
    # archiving to the formation's archive. Only a primary archives (archive_mode=on), and a
    # segment already archived is never overwritten.
    cat >>"${dir}/${name}/postgresql.conf" <<CONF
shared_buffers = '256MB'
max_connections = 500
archive_mode = on
archive_command = 'test ! -f ${dir}/wal-archive/%f && cp %p ${dir}/wal-archive/%f.tmp && mv ${dir}/wal-archive/%f.tmp ${dir}/wal-archive/%f'
archive_timeout = 10
CONF
    ha_node_start "${dir}" "${name}"
}

_ha_wait_port() {
    local i
    for ((i = 0; i < 300; i++)); do
        ! port_is_free "$1" && return 0
        sleep 0.1
    done
    return 1
}

# Creates the formation in DIR on first use and starts its keepers; waits until the primary takes
# writes and the standby replicates synchronously. Prints the nodes' host list.
ha_formation_start() {
    local dir="${1:?usage: ha_formation_start DIR}" name
    command -v pg_autoctl >/dev/null 2>&1 || vouch_die "pg_autoctl is missing (the postgresql-15-auto-failover package)"
    mkdir -p "${dir}"
    dir="$(cd "${dir}" && pwd)"
    [[ ${EUID} -ne 0 ]] || _cluster_allow_traversal "${dir}/monitor"
    if [[ ! -f ${dir}/ports ]]; then
        _ha_create "${dir}"
    else
        for name in monitor "${HA_NODES[@]}"; do
            [[ -n "$(_ha_keeper "${dir}" "${name}")" ]] || ha_node_start "${dir}" "${name}"
        done
    fi
    _ha_wait_healthy "${dir}" || vouch_die "the formation in ${dir} is not healthy (see its logs; pg_autoctl show state)"
    ha_hosts "${dir}"
}

# Waits until one node is `primary` and the other `secondary`.
_ha_wait_healthy() {
    local dir="$1" i states
    for ((i = 0; i < 600; i++)); do
        states="$(_ha_monitor_sql "${dir}" \
            "SELECT string_agg(reportedstate::text || '/' || goalstate::text, ' ' ORDER BY reportedstate) FROM pgautofailover.node")"
        [[ ${states} == "primary/primary secondary/secondary" ]] && return 0
        sleep 0.2
    done
    return 1
}

ha_formation_stop() {
    local dir="${1:?usage: ha_formation_stop DIR}" name
    [[ -f ${dir}/ports ]] || return 0
    for name in "${HA_NODES[@]}" monitor; do
        if [[ -n "$(_ha_keeper "${dir}" "${name}")" ]]; then
            _ha_run "${dir}" pg_autoctl stop --pgdata "${dir}/${name}" >/dev/null 2>&1 || true
        fi
    done
    for name in "${HA_NODES[@]}" monitor; do
        local i
        for ((i = 0; i < 100; i++)); do
            [[ -z "$(_ha_node_pids "${dir}" "${name}")" ]] && break
            sleep 0.1
        done
        ha_node_kill "${dir}" "${name}"
    done
}
