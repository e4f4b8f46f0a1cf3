#!/usr/bin/env bash
# Runs the smtp4dev mail sink (a dotnet local tool of this repository), in memory only, keeping the
# last 10,000 messages (smtp4dev's default is 100: a burst of registrations would push out the ones
# a developer or the contract smoke looks for).
# Usage: mailsink.sh SMTP_PORT HTTP_PORT
# PROCESS_NICE (the AppHost's Process:BackgroundNice): the server runs at that Linux nice value.
set -euo pipefail
smtp=${1:-1025}
http=${2:-8025}
cd "$(dirname "$0")/../.."
dotnet tool restore >/dev/null
exec nice -n "${PROCESS_NICE:-0}" dotnet tool run smtp4dev -- --urls="http://127.0.0.1:$http" --smtpport="$smtp" --bindaddress=127.0.0.1 --db="" --imapport=0 --pop3port=0 --hostname=localhost --messagestokeep=10000 --sessionstokeep=1000
