#!/usr/bin/env bash
# Runs a RabbitMQ node from Debian's rabbitmq-server in the foreground, on its own ports and data
# folder so it never collides with a system node. Usage: [PROCESS_NICE=n] rabbitmq.sh AMQP_PORT DATADIR
set -euo pipefail
port=${1:-55672}
data=${2:-"$(cd "$(dirname "$0")/../.." && pwd)/.data/rabbitmq"}
mkdir -p "$data"
export RABBITMQ_NODENAME="conference-$port@localhost"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=$port
export RABBITMQ_DIST_PORT=$((port - 10000))
export RABBITMQ_MNESIA_BASE="$data/mnesia"
export RABBITMQ_LOG_BASE="$data/log"
export RABBITMQ_PID_FILE="$data/pid"
export RABBITMQ_ENABLED_PLUGINS_FILE="$data/enabled_plugins"
export RABBITMQ_CONFIG_FILE="$data/rabbitmq"
export RABBITMQ_ADVANCED_CONFIG_FILE="$data/advanced.config"
export RABBITMQ_LOGS=-
export HOME=${HOME:-/root}
[ -f "$data/enabled_plugins" ] || echo "[]." > "$data/enabled_plugins"
# guest may only connect from loopback (RabbitMQ default), which is where the services run.
[ -f "$data/rabbitmq.conf" ] || printf 'listeners.tcp.default = 127.0.0.1:%s\nloopback_users.guest = true\n' "$port" > "$data/rabbitmq.conf"
# PROCESS_NICE (the AppHost's Process:BackgroundNice): the broker carries only the asynchronous
# events (already durable in the services' outboxes), so it yields the CPU to the attendees' requests
# and runs at that Linux nice value. Started in a session of its own (setsid: the bench, the test
# servers), it is also alone in its autogroup, and Linux shares the CPU between autogroups before
# nice values count: the autogroup takes the nice value too. (Bench: many sessions at 64 clients,
# 998 -> 1,502 registrations/s, bench/results/2026-11-29-2117 -> 2137.)
nice_value=${PROCESS_NICE:-0}
if [ "$nice_value" -gt 0 ] 2>/dev/null; then
  renice -n "$nice_value" -p $$ >/dev/null || true
  if [ "$(ps -o sid= -p $$ | tr -d ' ')" = "$$" ] && [ -w /proc/self/autogroup ]; then
    echo "$nice_value" > /proc/self/autogroup 2>/dev/null || true
  fi
fi
cd "$data"
exec /usr/lib/rabbitmq/bin/rabbitmq-server
