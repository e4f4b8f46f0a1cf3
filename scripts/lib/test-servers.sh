#!/usr/bin/env bash
# Starts the servers the tests need from Debian's packages (unless their connection strings are
# already in the environment) and prints `export` lines for them. Sourced by ./scripts/test.
# Servers started here are stopped by the caller's EXIT trap (see TEST_SERVER_PIDS).
# Sourced: it sets no shell options of its caller (scripts/test must reach its summary line).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="${CONFERENCE_TEST_DATA:-$root/.data/test}"
logs="$data/logs"
mkdir -p "$logs"
TEST_SERVER_PIDS=()

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
  local port=$1 what=$2
  for _ in $(seq 1 120); do port_open "$port" && return 0; sleep 0.5; done
  echo "$what did not open port $port; its log:" >&2; tail -n 30 "$logs/$what.log" >&2; return 1
}
start() { # name port command...
  local name=$1 port=$2; shift 2
  if port_open "$port"; then echo "$name: already listening on $port, reused"; return; fi
  setsid "$@" >"$logs/$name.log" 2>&1 &
  TEST_SERVER_PIDS+=($!)
}

if [ -z "${ConnectionStrings__postgres:-}" ]; then
  start postgres 55433 "$root/scripts/infra/postgres.sh" 55433 "$data/postgres"
  export ConnectionStrings__postgres="Host=127.0.0.1;Port=55433;Username=postgres"
fi
if [ -z "${ConnectionStrings__messaging:-}" ]; then
  start rabbitmq 55673 "$root/scripts/infra/rabbitmq.sh" 55673 "$data/rabbitmq"
  export ConnectionStrings__messaging="amqp://guest:guest@127.0.0.1:55673"
fi
if [ -z "${ConnectionStrings__apertium:-}" ]; then
  start apertium 12737 "$root/scripts/infra/apertium.sh" 12737
  export ConnectionStrings__apertium="http://127.0.0.1:12737"
fi
if [ -z "${ConnectionStrings__mail:-}" ]; then
  start mailsink 11025 "$root/scripts/infra/mailsink.sh" 11025 18025
  export ConnectionStrings__mail="Endpoint=smtp://127.0.0.1:11025"
  export CONFERENCE_MAIL_API="http://127.0.0.1:18025"
fi
wait_port 55433 postgres || return 1
wait_port 55673 rabbitmq || return 1
# Test servers use their own ports (the AppHost's defaults are 2737, 1025, 8025), so tests and a
# running ./scripts/up don't collide.
wait_port "$(sed -E 's|.*:([0-9]+).*|\1|' <<<"$ConnectionStrings__apertium")" apertium || return 1
wait_port "$(sed -E 's|.*:([0-9]+).*|\1|' <<<"$ConnectionStrings__mail")" mailsink || return 1
[ -z "${CONFERENCE_MAIL_API:-}" ] || wait_port "$(sed -E 's|.*:([0-9]+).*|\1|' <<<"$CONFERENCE_MAIL_API")" mailsink || return 1
