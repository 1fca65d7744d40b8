#!/usr/bin/env bash
# Real-time intervention latency: an in-memory Azurite, the app in standalone mode (outbox sender every
# second) against a loopback Telegram Bot API; GREEN-API webhooks with price objections; prints p50/p99 of
# webhook → outbox and acknowledgement → Telegram against the 5 s goal.
# Usage: bash scripts/bench-interventions.sh [managers] [rounds] (default 20 10)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
install_node_packages

dir=$(mktemp -d)
node_modules/.bin/azurite --inMemoryPersistence --silent --skipApiVersionCheck --loose \
  --blobHost 127.0.0.1 --blobPort 20110 --queueHost 127.0.0.1 --queuePort 20111 --tableHost 127.0.0.1 --tablePort 20112 \
  > "$dir/azurite.log" 2>&1 &
azurite_pid=$!
trap 'kill $azurite_pid 2>/dev/null || true; rm -rf "$dir"' EXIT
wait_for_port 20110 && wait_for_port 20111 && wait_for_port 20112

export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:20110/devstoreaccount1;QueueEndpoint=http://127.0.0.1:20111/devstoreaccount1;TableEndpoint=http://127.0.0.1:20112/devstoreaccount1;"
run_app_cli bench-interventions "${1:-20}" "${2:-10}"
