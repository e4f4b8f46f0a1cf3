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
if [ "$(id -u)" = 0 ]; then exec runuser -u postgres -- "$bin/postgres" "${exec_args[@]}"; else exec "$bin/postgres" "${exec_args[@]}"; fi
