#!/usr/bin/env bash
# Compiles and lints every Bicep and parameters file under infra/ and fails on any error or warning, so the template
# that scripts/deploy.sh would send to Azure is proven to compile here, where Azure is not reachable.
set -euo pipefail
cd "$(dirname "$0")/.."

# The parameters files read the admin password from the environment (never from a file): a placeholder compiles them.
export SPACES_ADMIN_PASSWORD="${SPACES_ADMIN_PASSWORD:-placeholder-for-compile}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

count=$(find infra -name '*.bicep' -o -name '*.bicepparam' | wc -l)
if [ "$count" -eq 0 ]; then
  echo "infra: no Bicep files found"
  exit 1
fi

# Bicep exits non-zero on errors only; a warning is a line of output, so any output fails the check too.
failures=0
check() {
  local output
  if ! output=$(scripts/bicep.sh "$@" 2>&1) || [ -n "$output" ]; then
    printf 'bicep %s:\n%s\n' "$*" "$output"
    failures=$((failures + 1))
  fi
}
check build --pattern 'infra/**/*.bicep' --outdir "$out"
check build-params --pattern 'infra/**/*.bicepparam' --outdir "$out"
check lint --pattern 'infra/**/*.bicep'
check lint --pattern 'infra/**/*.bicepparam'

if [ "$failures" -gt 0 ]; then
  echo "infra: $failures of the Bicep build and lint runs reported errors or warnings"
  exit 1
fi
echo "infra: $count Bicep files build and lint clean"
