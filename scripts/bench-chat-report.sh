#!/usr/bin/env bash
# Chat report benchmark on storage: an in-memory Azurite, the app in standalone mode; imports N messages
# in C chats (one week) through /api/import, then times one raw scan of the stored chats and messages and
# GET /api/reports/chats for that week; prints both and their ratio (target ≤ 3x).
# Usage: bash scripts/bench-chat-report.sh [messages] [chats]   (default 100000 10000)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
install_node_packages

dir=$(mktemp -d)
node_modules/.bin/azurite --inMemoryPersistence --silent --skipApiVersionCheck --loose \
  --blobHost 127.0.0.1 --blobPort 20010 --queueHost 127.0.0.1 --queuePort 20011 --tableHost 127.0.0.1 --tablePort 20012 \
  > "$dir/azurite.log" 2>&1 &
azurite_pid=$!
trap 'kill $azurite_pid 2>/dev/null || true; rm -rf "$dir"' EXIT
wait_for_port 20010 && wait_for_port 20011 && wait_for_port 20012

export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:20010/devstoreaccount1;QueueEndpoint=http://127.0.0.1:20011/devstoreaccount1;TableEndpoint=http://127.0.0.1:20012/devstoreaccount1;"
run_app_cli bench-chat-report "${1:-100000}" "${2:-10000}"
