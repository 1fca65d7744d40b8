#!/usr/bin/env bash
# The main job: Azurite + the app in standalone mode on 127.0.0.1:7071 + demo data + a team run.
# Prints the coaching cards, then leaves the API up until Ctrl+C.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
install_node_packages

APP_URL="http://127.0.0.1:7071"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

if port_open 7071; then
  echo "Port 7071 is already in use; stop whatever listens there (an earlier run?) and try again." >&2
  exit 1
fi

if port_open 10000 && port_open 10001 && port_open 10002; then
  echo "==> Azurite already running on 127.0.0.1:10000-10002"
else
  echo "==> Starting Azurite (data in .azurite/, log in .azurite/azurite.log)"
  mkdir -p .azurite
  node_modules/.bin/azurite --silent --location .azurite --skipApiVersionCheck --loose \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 > .azurite/azurite.log 2>&1 &
  pids+=($!)
  wait_for_port 10000 && wait_for_port 10001 && wait_for_port 10002
fi

echo "==> Publishing SalesCoach.Functions (an isolated-worker Functions app) to .artifacts/app"
dotnet publish SalesCoach.Functions/SalesCoach.Functions.csproj -c Release -o .artifacts/app --nologo -v quiet

echo "==> Starting the app in standalone mode on $APP_URL (log in .artifacts/app.log)"
echo "    (no Functions host here: the app serves its own functions.metadata and runs Durable on Azurite)"
(
  cd .artifacts/app
  export AzureWebJobsStorage="${AzureWebJobsStorage:-UseDevelopmentStorage=true}"
  exec dotnet SalesCoach.Functions.dll
) > .artifacts/app.log 2>&1 &
app_pid=$!
pids+=($app_pid)
wait_for_port 7071 60

node scripts/demo.mjs "$APP_URL"

echo
echo "==> Dashboard: $APP_URL/api/dashboard/  (open it in a browser on this machine; no Dashboard__Token set: loopback only)"
echo
echo "The API stays up at $APP_URL (Ctrl+C stops it and Azurite). Try:"
echo "  curl -X POST $APP_URL/api/deals/analyze-all"
echo "  curl $APP_URL/api/runs/<run_id>"
echo "  curl -X POST '$APP_URL/api/deals/1001/analyze?notify=true'"
echo "  curl '$APP_URL/api/outbox?status=pending&limit=5'"
wait "$app_pid"
