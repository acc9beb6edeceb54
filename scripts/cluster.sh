#!/usr/bin/env bash
# A local three-host cluster on one machine: Azurite (Azure Table and Blob on loopback), web hosts A, B and C
# (ports 5001-5003, jobs disabled) and one headless job silo, all one Orleans cluster (Spaces:Storage=AzureStorage).
# Ctrl+C stops everything it started. Logs and data go to ./cluster-data (or $CLUSTER_DATA).
set -euo pipefail
cd "$(dirname "$0")/.."

data="${CLUSTER_DATA:-$PWD/cluster-data}"
mkdir -p "$data"
pids=()
azurite=""
# Hosts first (a silo leaves the membership cleanly while its storage is up), then Azurite.
stop() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -z "$azurite" ] || { kill "$azurite" 2>/dev/null || true; wait "$azurite" 2>/dev/null || true; }
}
trap stop EXIT INT TERM

[ -f Tests/js/node_modules/azurite/dist/src/azurite.js ] || npm ci --prefix Tests/js --no-audit --no-fund --loglevel=error
dotnet build Spaces.sln -c Release -nologo -clp:ErrorsOnly

# Azurite's well-known development account (public, documented by Azurite), on its default ports.
node Tests/js/node_modules/azurite/dist/src/azurite.js --silent --skipApiVersionCheck --loose --location "$data/azurite" \
  --blobHost 127.0.0.1 --tableHost 127.0.0.1 --queueHost 127.0.0.1 >"$data/azurite.log" 2>&1 &
azurite=$!
# A silo that finds no storage at start exits: wait until Azurite's table and blob ports answer.
for port in 10000 10002; do
  until (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do sleep 0.5; done
done

export Spaces__Storage=AzureStorage
export ConnectionStrings__AzureStorage="UseDevelopmentStorage=true"
export Spaces__Cluster__ServiceId=spaces Spaces__Cluster__ClusterId=local
# Every host on one machine: each silo advertises loopback and takes ports of its own.
export Spaces__Cluster__AdvertisedAddress=127.0.0.1
export ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production

start() { # name silo-port gateway-port command...
  local name=$1 silo=$2 gateway=$3; shift 3
  mkdir -p "$data/$name"
  Spaces__DataPath="$data/$name" Spaces__Cluster__SiloPort=$silo Spaces__Cluster__GatewayPort=$gateway "$@" >"$data/$name.log" 2>&1 &
  pids+=($!)
}
for i in 1 2 3; do
  name=$(printf "web-%s" "$(echo abc | cut -c$i)")
  start "$name" $((11110 + i)) $((30000 + i)) env Spaces__Jobs__Enabled=false \
    dotnet Api/bin/Release/net10.0/Spaces.Api.dll --urls "http://127.0.0.1:500$i"
done
start jobs 11120 30010 dotnet Silo/bin/Release/net10.0/Spaces.Silo.dll

for i in 1 2 3; do
  until curl -fs "http://127.0.0.1:500$i/health/ready" >/dev/null; do sleep 1; done
  echo "web host $i ready: http://127.0.0.1:500$i"
done
grep -h "Created administrator" "$data"/web-*.log || echo "admin: the password printed on the cluster's first start (see $data/web-*.log then)"
echo "dashboard (admins): http://127.0.0.1:5001/admin/dashboard/   logs: $data/*.log   Ctrl+C stops the cluster"
wait
