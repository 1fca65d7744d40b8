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

# Debian's Chromium for the dashboard's browser tests (Playwright drives /usr/bin/chromium; it never
# downloads a browser). Installed with apt-get when missing: as root directly, otherwise through sudo.
install_chromium() {
  if [ -x /usr/bin/chromium ] || [ -n "${CHROMIUM_PATH:-}" ]; then
    return 0
  fi
  echo "==> apt-get install chromium (for the dashboard's browser tests)"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo > /dev/null; then sudo="sudo -n"; else
      echo "Chromium is missing and this user cannot install it: run 'apt-get install -y chromium' as root (or set CHROMIUM_PATH)." >&2
      return 1
    fi
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium > /dev/null \
    || { $sudo apt-get update > /dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium > /dev/null; }
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
