#!/usr/bin/env bash
# Deploys Spaces to Azure: packages the host for App Service (dotnet publish, zipped), creates the resource group,
# deploys infra/main.bicep with the environment's parameters, uploads the zip and waits for /health/ready.
# Needs the Azure CLI signed in (az login) with rights to create resources and role assignments.
#
#   export SPACES_ADMIN_PASSWORD='…'          # the bootstrap admin's password; goes to Key Vault, never to a file
#   scripts/deploy.sh --environment dev --resource-group rg-spaces-dev --location westeurope
#
# --parameter NAME=VALUE (repeatable) sets a template parameter beyond the environment's file, such as
# dataProtectionCertificateName=spaces-data-protection (README, "Deploy to Azure").
# --package-only builds the zip and stops; --dry-run builds it and prints the Azure commands instead of running them.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

usage() {
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
  echo "options: --environment dev|prod --resource-group NAME [--location REGION] [--output DIR] [--parameter NAME=VALUE]... [--package-only] [--dry-run]"
}

environment="" group="" location="westeurope" output="$root/artifacts/deploy" mode="deploy"
parameters=()
while [ $# -gt 0 ]; do
  case "$1" in
    --environment) environment="$2"; shift 2 ;;
    --resource-group) group="$2"; shift 2 ;;
    --location) location="$2"; shift 2 ;;
    --output) output="$2"; shift 2 ;;
    --parameter)
      [[ "${2:-}" =~ ^[A-Za-z][A-Za-z0-9]*=.*$ ]] || { echo "deploy: --parameter takes NAME=VALUE, got '${2:-}'" >&2; exit 2; }
      parameters+=(--parameters "$2"); shift 2 ;;
    --package-only) mode="package"; shift ;;
    --dry-run) mode="dry-run"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "deploy: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done

if [ "$mode" != "package" ]; then
  case "$environment" in
    dev|prod) ;;
    *) echo "deploy: --environment must be dev or prod (infra/env/*.bicepparam)" >&2; exit 2 ;;
  esac
  [ -n "$group" ] || { echo "deploy: --resource-group is required" >&2; exit 2; }
  if [ "${#SPACES_ADMIN_PASSWORD}" -lt 12 ]; then
    # Required on every deployment: the vault rejects data-plane reads from outside the VNet, so a password generated
    # here and lost would leave the admin unknown. Keep it in a password manager.
    echo "deploy: set SPACES_ADMIN_PASSWORD (12 characters or more), e.g. export SPACES_ADMIN_PASSWORD=\"\$(openssl rand -base64 24)\"" >&2
    exit 2
  fi
fi

# 1. The package App Service runs: framework-dependent `dotnet publish` output, zipped at its root (Linux App Service
#    starts Spaces.Api.dll with its built-in DOTNETCORE|10.0 stack; SCM_DO_BUILD_DURING_DEPLOYMENT=false keeps it as is).
command -v zip >/dev/null 2>&1 || { echo "deploy: zip is needed to package the app (apt-get install zip)" >&2; exit 1; }
rm -rf "$output/publish" "$output/spaces-api.zip"
mkdir -p "$output"
dotnet publish "$root/Api/Api.csproj" -c Release -o "$output/publish" -nologo -clp:ErrorsOnly
(cd "$output/publish" && zip -qr "$output/spaces-api.zip" .)
echo "package: $output/spaces-api.zip"
[ "$mode" = "package" ] && exit 0

run() {
  if [ "$mode" = "dry-run" ]; then
    printf '+'; printf ' %q' "$@"; printf '\n'
  else
    "$@"
  fi
}
if [ "$mode" = "deploy" ]; then
  command -v az >/dev/null 2>&1 || { echo "deploy: the Azure CLI (az) is needed: https://learn.microsoft.com/cli/azure/install-azure-cli" >&2; exit 1; }
fi

# 2. The resource group and the template (the parameters file reads SPACES_ADMIN_PASSWORD from this environment).
deployment="spaces-$environment-$(date -u +%Y%m%d%H%M%S)"
run az group create --name "$group" --location "$location" --output none
run az deployment group create --resource-group "$group" --name "$deployment" \
  --parameters "$root/infra/env/$environment.bicepparam" "${parameters[@]}" --output none
output_of() {
  if [ "$mode" = "dry-run" ]; then
    echo "<$1>"
  else
    az deployment group show --resource-group "$group" --name "$deployment" --query "properties.outputs.$1.value" --output tsv
  fi
}
app=$(output_of appName)
url=$(output_of appUrl)

# 3. The package, on every instance, then a restart; the deployment signs in with Entra ID (basic auth is off).
run az webapp deploy --resource-group "$group" --name "$app" --src-path "$output/spaces-api.zip" --type zip --clean true --restart true

# 4. Ready when every piece answers: /health/ready checks storage through the managed identity.
if [ "$mode" = "dry-run" ]; then
  echo "+ wait for $url/health/ready"
  exit 0
fi
for _ in $(seq 1 60); do
  if curl -fsS "$url/health/ready" >/dev/null 2>&1; then
    echo "deployed: $url"
    exit 0
  fi
  sleep 10
done
echo "deploy: $url/health/ready did not answer within 10 minutes; see the app's logs in Log Analytics" >&2
exit 1
