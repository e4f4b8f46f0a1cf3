#!/usr/bin/env bash
# Installs what Conference needs on Debian/Ubuntu when it is missing: the servers from Debian's
# packages (PostgreSQL, RabbitMQ, Apertium APy with the eng-spa and fr-es pairs) and the
# repository's dotnet tools (smtp4dev mail sink, dotnet-ef). Extra packages may be named as
# arguments (./scripts/test adds chromium). Idempotent: a second run installs nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."

packages=(postgresql rabbitmq-server apertium-apy apertium-eng-spa apertium-fr-es "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  # Package scripts must not start system-wide servers we don't use (we run our own, see scripts/infra).
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  echo "The .NET SDK 10 is needed: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 1
fi
dotnet tool restore >/dev/null
