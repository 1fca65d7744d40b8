# Shared by the scripts: repository root, Azurite install and start-up.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

install_node_packages() {
  # Azurite comes from package.json / package-lock.json; nothing is expected to be pre-installed.
  if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "==> npm ci (Azurite)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_for_port() {
  local port=$1 seconds=${2:-30}
  for _ in $(seq $((seconds * 10))); do
    port_open "$port" && return 0
    sleep 0.1
  done
  echo "Nothing is listening on 127.0.0.1:$port after ${seconds}s" >&2
  return 1
}

# Runs a SalesCoach.Functions command line (bench-*, import, export-chats) from a Release build.
# ("dotnet run" would start Azure Functions Core Tools: the Worker SDK makes it the project's run command.)
run_app_cli() {
  dotnet build SalesCoach.Functions/SalesCoach.Functions.csproj -c Release --nologo -v quiet > /dev/null
  dotnet SalesCoach.Functions/bin/Release/net10.0/SalesCoach.Functions.dll "$@"
}
