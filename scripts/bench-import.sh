#!/usr/bin/env bash
# Import benchmark: throughput (deals/s) on Azurite and the peak managed heap for inputs of growing
# size (flat memory = peak ratio near 1). Usage: bash scripts/bench-import.sh [sizes...] (default 10000 40000)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
install_node_packages
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 40000)

dir=$(mktemp -d)
node_modules/.bin/azurite --inMemoryPersistence --silent --skipApiVersionCheck --loose \
  --blobHost 127.0.0.1 --blobPort 20000 --queueHost 127.0.0.1 --queuePort 20001 --tableHost 127.0.0.1 --tablePort 20002 \
  > "$dir/azurite.log" 2>&1 &
azurite_pid=$!
trap 'kill $azurite_pid 2>/dev/null || true; rm -rf "$dir"' EXIT
wait_for_port 20002

export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:20000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:20001/devstoreaccount1;TableEndpoint=http://127.0.0.1:20002/devstoreaccount1;"
run_app_cli bench-import "${sizes[@]}"
