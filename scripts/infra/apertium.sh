#!/usr/bin/env bash
# Runs the Apertium APy translation server from Debian's apertium-apy with the eng-spa and fr-es
# pairs. Usage: apertium.sh PORT
set -euo pipefail
port=${1:-2737}
exec apertium-apy -p "$port" /usr/share/apertium/modes
