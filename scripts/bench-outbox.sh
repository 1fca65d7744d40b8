#!/usr/bin/env bash
# Outbox benchmark: an in-memory Azurite, a loopback Bot API enforcing Telegram's limits (1 message/s per chat,
# 30/s per bot, else 429), and the outbox sent by one and then two sender processes; prints wall time, limit, ratio, 429s.
# Usage: bash scripts/bench-outbox.sh [messages] [chats] (default 1000 35)
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
run_app_cli bench-outbox "${1:-1000}" "${2:-35}" 1
run_app_cli bench-outbox "${1:-1000}" "${2:-35}" 2
