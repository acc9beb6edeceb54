#!/usr/bin/env bash
# Runs the Bicep compiler that infra/Bicep.proj pins (the NuGet package carries it at tools/bicep), restoring the
# package on first use. Arguments go to bicep as they are: scripts/bicep.sh build infra/main.bicep --stdout
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
project="$root/infra/Bicep.proj"
version=$(sed -nE 's/.*Include="Azure\.Bicep\.CommandLine\.linux-x64" Version="\[([^]]+)\]".*/\1/p' "$project")
packages="${NUGET_PACKAGES:-$(dotnet nuget locals global-packages --list | sed -E 's/^global-packages: //')}"
bicep="${packages%/}/azure.bicep.commandline.linux-x64/$version/tools/bicep"
if [ ! -x "$bicep" ]; then
  dotnet restore "$project" -nologo -verbosity:quiet >&2
fi
exec "$bicep" "$@"
