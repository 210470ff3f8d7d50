#!/bin/sh
# Creates this container's pg_auto_failover node on first start (an empty volume), then runs its
# keeper in the foreground. The same image serves every role:
#
#   KEEPER_ROLE=monitor   the monitor, which holds the formation's state and decides failovers
#   KEEPER_ROLE=node      a Postgres node: the first to register becomes the primary, the next
#                         one clones it and becomes its synchronous standby
#
# Every password comes from the environment (never from a file in the image):
#   MONITOR_PASSWORD       the monitor's autoctl_node role, which the nodes connect as
#   REPLICATION_PASSWORD   pgautofailover_replicator, which standbys stream as
#   POSTGRES_PASSWORD      the nodes' postgres superuser (what `vouch migrate` connects as)
#   VOUCH_APP_DB_PASSWORD  the server's role, created on the primary before the first migration
# KEEPER_HOSTNAME is the name the other nodes reach this one by (the service name);
# MONITOR_HOST the monitor's.
set -eu

: "${KEEPER_ROLE:?KEEPER_ROLE must be monitor or node}"
: "${KEEPER_HOSTNAME:?KEEPER_HOSTNAME must be set}"
: "${MONITOR_PASSWORD:?MONITOR_PASSWORD must be set}"

# The demotion timeout (monitor) stays above the keepers' network_partition_timeout: an old
# primary cut off from the monitor demotes itself before the standby may be promoted.
monitor_settings() {
    cat >>"${PGDATA}/postgresql.conf" <<CONF
pgautofailover.health_check_period = 1000
pgautofailover.health_check_timeout = 1000
pgautofailover.health_check_max_retries = 1
pgautofailover.health_check_retry_delay = 500
pgautofailover.node_considered_unhealthy_timeout = 4000
pgautofailover.primary_demote_timeout = 8000
CONF
}

if [ ! -s "${PGDATA}/PG_VERSION" ]; then
    case "${KEEPER_ROLE}" in
        monitor)
            pg_autoctl create monitor --pgdata "${PGDATA}" --pgport 5432 --hostname "${KEEPER_HOSTNAME}" \
                --auth scram-sha-256 --ssl-self-signed
            monitor_settings
            pg_autoctl run --pgdata "${PGDATA}" &
            keeper=$!
            until pg_isready -q -p 5432; do sleep 1; done
            psql -X -q -p 5432 -d pg_auto_failover -v password="${MONITOR_PASSWORD}" <<'SQL'
ALTER ROLE autoctl_node PASSWORD :'password';
SQL
            pg_autoctl stop --pgdata "${PGDATA}"
            wait "${keeper}" || true
            ;;
        node)
            : "${MONITOR_HOST:?MONITOR_HOST must be set}"
            : "${REPLICATION_PASSWORD:?REPLICATION_PASSWORD must be set}"
            : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
            : "${VOUCH_APP_DB_PASSWORD:?VOUCH_APP_DB_PASSWORD must be set}"
            export PGPASSWORD="${MONITOR_PASSWORD}"
            pg_autoctl create postgres --pgdata "${PGDATA}" --pgport 5432 --hostname "${KEEPER_HOSTNAME}" \
                --name "${KEEPER_HOSTNAME}" --dbname vouch --auth scram-sha-256 --ssl-self-signed \
                --pg-hba-lan --monitor "postgres://autoctl_node@${MONITOR_HOST}:5432/pg_auto_failover?sslmode=require"
            pg_autoctl config set --pgdata "${PGDATA}" replication.password "${REPLICATION_PASSWORD}"
            pg_autoctl config set --pgdata "${PGDATA}" timeout.network_partition_timeout 5
            ;;
        *)
            echo "KEEPER_ROLE must be monitor or node, not ${KEEPER_ROLE}" >&2
            exit 64
            ;;
    esac
fi

if [ "${KEEPER_ROLE}" = node ]; then
    # The keeper reaches the monitor with this password (libpq reads PGPASSWORD); local
    # statements below go over the Unix socket.
    export PGPASSWORD="${MONITOR_PASSWORD}"
    # Once this node is the primary, the passwords the other roles log in with are set there
    # (idempotently: every start of a primary does it, and a standby receives them by replication).
    (
        until [ "$(psql -X -A -t -q -p 5432 -d postgres -c 'SELECT NOT pg_is_in_recovery()' 2>/dev/null)" = t ]; do
            sleep 2
        done
        psql -X -q -p 5432 -d vouch -v postgres_password="${POSTGRES_PASSWORD}" \
            -v replication_password="${REPLICATION_PASSWORD}" -v app_password="${VOUCH_APP_DB_PASSWORD}" <<'SQL'
ALTER ROLE postgres PASSWORD :'postgres_password';
ALTER ROLE pgautofailover_replicator PASSWORD :'replication_password';
SELECT format('CREATE ROLE vouch_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD %L', :'app_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vouch_app') \gexec
SQL
    ) &
fi

exec pg_autoctl run --pgdata "${PGDATA}"
