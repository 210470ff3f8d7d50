#!/bin/sh
# Runs once, when the postgres image initialises an empty data volume. The first migration
# creates the server's role (vouch_app) without a password, which is enough on a local socket
# but not over the network between containers; creating it here first, with the same
# attributes and a password, lets the migration find it and move on.
#
# To change the password later: ALTER ROLE vouch_app PASSWORD '…' (as the owner), then restart
# api and worker with the new VOUCH_APP_DB_PASSWORD.
set -eu

: "${VOUCH_APP_DB_PASSWORD:?VOUCH_APP_DB_PASSWORD must be set}"

psql -v ON_ERROR_STOP=1 -X -q --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
    -v password="${VOUCH_APP_DB_PASSWORD}" <<'SQL'
SELECT format(
    'CREATE ROLE vouch_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD %L',
    :'password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vouch_app') \gexec
SQL
