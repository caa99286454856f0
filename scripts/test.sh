#!/usr/bin/env bash
# Runs every test (domain, bUnit, integration on SQLite, browser tests in headless Chromium).
# On a fresh machine with only the .NET SDK it first installs Debian's Chromium (the browser tests drive it
# through Playwright; Playwright never downloads a browser of its own here).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${PP_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium from Debian's packages for the browser tests…"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
set +e
dotnet test PartnerPortal.sln -c Release "$@" 2>&1 | grep -v 'warning NU1603' | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line in the plain form CI tools read: "N passed, N failed".
awk '/(Passed|Failed)!  - Failed:/ { gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) } }
     END { printf "%d passed, %d failed\n", p, f }' "$log"
rm -f "$log"
exit "$status"
