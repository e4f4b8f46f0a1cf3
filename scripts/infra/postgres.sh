#!/usr/bin/env bash
# Runs a PostgreSQL server from Debian's packages in the foreground, for the AppHost (no containers)
# and for ./scripts/test. Usage: postgres.sh PORT DATADIR
# First run creates the cluster (trust authentication, loopback only: a development server).
set -euo pipefail
port=${1:-55432}
data=${2:-"$(cd "$(dirname "$0")/../.." && pwd)/.data/postgres"}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
run_as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
# As root the server runs as the postgres user, which may not reach a checkout under a private home
# folder (/root is 0700): then the cluster lives under /var/lib/conference instead.
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$data" 2>/dev/null || true
  if ! runuser -u postgres -- test -x "$(dirname "$data")"; then
    data="/var/lib/conference/postgres-$port"
    mkdir -p "$data"
  fi
fi
if [ ! -s "$data/PG_VERSION" ]; then
  mkdir -p "$data"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$data" && chmod 700 "$data"
  run_as_postgres "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
sock=/tmp
exec_args=(-D "$data" -p "$port" -k "$sock" -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=on -c shared_buffers=256MB)
# Stopped with SIGTERM or SIGINT (Ctrl+C, the AppHost stopping its resources): PostgreSQL's "fast"
# shutdown (SIGINT to the postmaster: sessions ended, a clean checkpoint), not its "smart" one
# (SIGTERM: waits for every client to leave, which services still stopping may not do before they
# are killed, leaving a cluster that needs crash recovery at the next start).
run_as_postgres "$bin/postgres" "${exec_args[@]}" &
server=$!
stop() {
  local pid
  pid=$(head -1 "$data/postmaster.pid" 2>/dev/null || true)
  if [ -n "$pid" ]; then kill -INT "$pid" 2>/dev/null || true; else kill -TERM "$server" 2>/dev/null || true; fi
}
trap stop TERM INT
status=0
while kill -0 "$server" 2>/dev/null; do
  wait "$server" || status=$?
done
exit "$status"
