#!/usr/bin/env bash
# Runs the Apertium APy translation server from Debian's apertium-apy with the eng-spa and fr-es
# pairs. Usage: apertium.sh PORT
# PROCESS_NICE (the AppHost's Process:BackgroundNice): the server runs at that Linux nice value.
set -euo pipefail
port=${1:-2737}
exec nice -n "${PROCESS_NICE:-0}" apertium-apy -p "$port" /usr/share/apertium/modes
