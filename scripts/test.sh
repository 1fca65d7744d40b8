#!/usr/bin/env bash
# Runs every test: unit, protocol and integration (the tests start their own in-memory Azurite
# from node_modules on free loopback ports, so nothing else needs to be running). The dashboard's
# browser tests need Debian's chromium, installed here when missing.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
install_node_packages
install_chromium

log="$(mktemp)"
set +e
dotnet test SalesCoach.sln --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line: "N passed, N failed".
summary=$(grep -E "(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+" "$log" | tail -n 1 || true)
if [ -n "$summary" ]; then
  failed=$(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$summary")
  passed=$(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$summary")
  skipped=$(sed -E 's/.*Skipped: +([0-9]+),.*/\1/' <<<"$summary")
  echo "$passed passed, $failed failed, $skipped skipped"
fi
rm -f "$log"
exit "$status"
