#!/usr/bin/env bash
# The WhatsApp assistant's retrieval on the sample knowledge base: hit rate and refusal precision on the
# held-out questions ("dev" to tune; add --verbose for every question, --search azure to ask the Azure AI
# Search service of the AzureSearch__* settings instead of the local index).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_app_cli eval-assistant-retrieval "${1:-heldout}" "${@:2}"
