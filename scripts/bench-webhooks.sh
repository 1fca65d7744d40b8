#!/usr/bin/env bash
# amoCRM webhook acknowledgement benchmark: an in-memory Azurite, the app in standalone mode, rounds of
# concurrent deliveries through HTTP and storage; prints p50/p99 against amoCRM's 2 s deadline.
# Usage: bash scripts/bench-webhooks.sh [concurrency] [rounds] (default 50 20)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
install_node_packages


dir=$(mktemp -d)
node_modules/.bin/azurite --inMemoryPersistence --silent --skipApiVersionCheck --loose \
  --blobHost 127.0.0.1 --blobPort 20000 --queueHost 127.0.0.1 --queuePort 20001 --tableHost 127.0.0.1 --tablePort 20002 \
  > "$dir/azurite.log" 2>&1 &
azurite_pid=$!
trap 'kill $azurite_pid 2>/dev/null || true; rm -rf "$dir"' EXIT
wait_for_port 20000 && wait_for_port 20001 && wait_for_port 20002

export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:20000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:20001/devstoreaccount1;TableEndpoint=http://127.0.0.1:20002/devstoreaccount1;"
run_app_cli bench-webhooks "${1:-50}" "${2:-20}"
