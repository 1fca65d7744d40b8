#!/usr/bin/env bash
# SPIN classification accuracy on the labelled corpus (SalesCoach.Tests/Chats/Spin): overall, per language,
# per label and the confusion matrix, for the rule classifier and, with OpenAI__Endpoint/Deployment/ApiKey
# set (and AzureWebJobsStorage for its cache), the LLM classifier.
# Usage: bash scripts/spin-accuracy.sh [heldout|dev|all]   (default heldout)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_app_cli spin-accuracy SalesCoach.Tests/Chats/Spin/spin-corpus.tsv "${1:-heldout}"
