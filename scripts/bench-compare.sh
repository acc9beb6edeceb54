#!/usr/bin/env bash
# Issue 9's benchmark in one run: spaces-bench against the host of an earlier commit (built in a temporary git worktree)
# and against this checkout's host, one after the other, then graphile-worker on a private PostgreSQL; prints each run's
# tables and one table with the ratios (ours/base, ours/graphile).
# Usage: scripts/bench-compare.sh [BASE] [spaces-bench options, e.g. --requests 2000 --warmup 500]
# BASE defaults to the last commit before the Orleans work: the parent of the first commit that put Microsoft.Orleans
# packages into Directory.Packages.props.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

base=""
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  base=$1
  shift
fi
if [ -z "$base" ]; then
  first=$(git log --reverse --format=%H -S Microsoft.Orleans -- Directory.Packages.props | sed -n 1p) # sed reads to the end: no SIGPIPE under pipefail
  [ -n "$first" ] || { echo "bench-compare: no commit adds Microsoft.Orleans to Directory.Packages.props; give BASE" >&2; exit 2; }
  base=$(git rev-parse "$first^")
fi
base=$(git rev-parse --verify "$base^{commit}")

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
# PostgreSQL from Debian (its server binaries live in /usr/lib/postgresql/N/bin); graphile-worker pinned by its lock file.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
fi
npm ci --prefix Bench/peers/graphile --no-audit --no-fund --loglevel=error

work=$(mktemp -d -t spaces-bench-compare-XXXXXX)
chmod 711 "$work" # PostgreSQL runs as its own user under root and must reach its folder in here
worktree="$work/base"
cleanup() {
  # The bench stops its hosts and PostgreSQL itself; this is for a bench that was killed before it could.
  for data in "$work"/spaces-bench-pg-*/data; do
    [ -f "$data/postmaster.pid" ] || continue
    pg_ctl=$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n 1)
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$pg_ctl" -D "$data" -m immediate stop || true; else "$pg_ctl" -D "$data" -m immediate stop || true; fi
  done
  if [ -d "$worktree" ]; then git -C "$root" worktree remove --force "$worktree" || true; fi
  git -C "$root" worktree prune
  rm -rf "$work"
}
trap cleanup EXIT

echo "bench-compare: base $(git log -1 --format='%h %s' "$base")" >&2
git worktree add --detach --quiet "$worktree" "$base"
echo "bench-compare: building the base's host (Release) in $worktree" >&2
nice -n 10 dotnet build -c Release "$worktree/Api/Api.csproj" -nologo -clp:ErrorsOnly >&2
echo "bench-compare: building this checkout's host and spaces-bench (Release)" >&2
nice -n 10 dotnet build -c Release Api/Api.csproj -nologo -clp:ErrorsOnly >&2
nice -n 10 dotnet build -c Release Bench/Bench.csproj -nologo -clp:ErrorsOnly >&2

ours=$(git rev-parse --short HEAD)
[ -z "$(git status --porcelain -- Api Grains Grains.Abstractions Silo Worker)" ] || ours="$ours+changes"
# TMPDIR: the hosts' data folders and PostgreSQL's cluster go under $work, so the trap finds whatever is left.
TMPDIR="$work" dotnet Bench/bin/Release/net10.0/spaces-bench.dll compare \
  --base-api-dll "$worktree/Api/bin/Release/net10.0/Spaces.Api.dll" \
  --base-label "$(git rev-parse --short "$base")" --ours-label "$ours" "$@"
