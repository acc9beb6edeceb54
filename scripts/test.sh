#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine, builds everything and runs every test.
# Ends with one line "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# The browser tests drive Debian's Chromium (never a downloaded one); CJK fonts make the Chinese screenshots legible.
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || missing+=(fonts-noto-cjk)
# Debian's Python runs the Python worker SDK (its one dependency, websockets) and seed 000's scripts as written
# (requests); the packages bring python3 along.
/usr/bin/python3 -c 'import websockets' >/dev/null 2>&1 || missing+=(python3-websockets)
/usr/bin/python3 -c 'import requests' >/dev/null 2>&1 || missing+=(python3-requests)
# scripts/deploy.sh zips the published host the way App Service takes it (Tests/Infra packages it).
command -v zip >/dev/null 2>&1 || missing+=(zip)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

# The independent hub client the tests run: the official SignalR JavaScript client.
npm ci --prefix Tests/js --no-audit --no-fund --loglevel=error
# The JavaScript worker SDK's one dependency, the same official client.
npm ci --prefix sdk/js --no-audit --no-fund --loglevel=error

dotnet build Spaces.sln -c Debug -nologo -clp:ErrorsOnly

# The Azure template: every .bicep and .bicepparam builds and lints with no warning (the compiler comes from NuGet).
infra_status=0
scripts/check-infra.sh || infra_status=$?

log=$(mktemp)
set +e
dotnet test Tests/Tests.csproj --no-build -c Debug -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# The console logger's closing block: "Total tests: N", "Passed: N", "Failed: N" and, when any, "Skipped: N".
total=$(sed -nE 's/^Total tests: ([0-9]+).*/\1/p' "$log" | tail -n 1)
passed=$(sed -nE 's/^ +Passed: ([0-9]+)$/\1/p' "$log" | tail -n 1)
failed=$(sed -nE 's/^ +Failed: ([0-9]+)$/\1/p' "$log" | tail -n 1)
skipped=$(sed -nE 's/^ +Skipped: ([0-9]+)$/\1/p' "$log" | tail -n 1)
# The failures again at the end, where a reader of the log's last lines finds them: each failed test's name, its
# error message and the top of its stack (the host logs printed between tests can bury them otherwise).
if grep -qE '^  Failed [A-Za-z]' "$log"; then
  echo "failed tests:"
  awk '/^  Failed [A-Za-z]/ { on = 1; n = 0 }
       on && /^  (Standard Output Messages|Passed |Failed [A-Za-z])/ && n > 0 { on = 0 }
       on { if (++n <= 25) print }' "$log"
fi
rm -f "$log"
if [ -z "$total" ]; then
  echo "tests: 0 passed, 1 failed (no test summary: the run did not complete)"
  exit 1
fi
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [ "$infra_status" -ne 0 ]; then
  echo "infra: the Bicep check failed (see above)"
  exit "$infra_status"
fi
exit "$status"
