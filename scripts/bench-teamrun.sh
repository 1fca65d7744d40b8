#!/usr/bin/env bash
# Team-run benchmark on the public 8,800-deal CRM dataset (35 managers): an in-memory Azurite, the app in
# standalone mode (Durable on Azurite), the dataset imported over HTTP, one analyze-all run timed to
# completion, the win model evaluated on a holdout (default: deals closed from 2017-10-01), the messages each
# manager got and two sample summaries. Usage: bash scripts/bench-teamrun.sh [dataset folder] [holdout from]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
install_node_packages
dataset="${1:-$ROOT/../shared/data/crm-sales-opportunities}"

dir=$(mktemp -d)
node_modules/.bin/azurite --inMemoryPersistence --silent --skipApiVersionCheck --loose \
  --blobHost 127.0.0.1 --blobPort 20000 --queueHost 127.0.0.1 --queuePort 20001 --tableHost 127.0.0.1 --tablePort 20002 \
  > "$dir/azurite.log" 2>&1 &
azurite_pid=$!
trap 'kill $azurite_pid 2>/dev/null || true; rm -rf "$dir"' EXIT
wait_for_port 20000 && wait_for_port 20001 && wait_for_port 20002

export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:20000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:20001/devstoreaccount1;TableEndpoint=http://127.0.0.1:20002/devstoreaccount1;"
run_app_cli bench-teamrun "$dataset" "${2:-2017-10-01}"
