#!/usr/bin/env bash
# Issue 10's benchmark in one run: `spaces-bench cluster` starts a private Azurite and three hosts as one cluster
# (Spaces:Storage=AzureStorage, loopback ports), measures submit → worker received with workers and submitters spread over
# the hosts, fan-out of one channel to 1,000 subscribers on all three and memory per idle connection, stops them, then runs
# socket.io (Bench/peers/socketio) in the same fan-out, and prints the tables with ratios and the machine's load.
# Usage: scripts/bench-cluster.sh [spaces-bench cluster options, e.g. --requests 1000 --rates 10 20 40 80]
set -euo pipefail
cd "$(dirname "$0")/.."

[ -f Tests/js/node_modules/azurite/dist/src/azurite.js ] || npm ci --prefix Tests/js --no-audit --no-fund --loglevel=error
npm ci --prefix Bench/peers/socketio --no-audit --no-fund --loglevel=error
echo "bench-cluster: building the host and spaces-bench (Release)" >&2
nice -n 10 dotnet build -c Release Api/Api.csproj -nologo -clp:ErrorsOnly >&2
nice -n 10 dotnet build -c Release Bench/Bench.csproj -nologo -clp:ErrorsOnly >&2
echo "bench-cluster: $(uptime)" >&2
dotnet Bench/bin/Release/net10.0/spaces-bench.dll cluster "$@"
echo "bench-cluster: $(uptime)" >&2
