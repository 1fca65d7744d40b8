#!/usr/bin/env bash
# Chat analytics benchmark (no storage involved): N messages across M managers; prints parse time,
# parse + all chat metrics time (wall and processor), their ratio to a bare JSON reader pass (target ≤ 2.5x) and peak heap.
# Usage: bash scripts/bench-chats.sh [messages] [managers]   (default 1000000 50)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_app_cli bench-chats "${1:-1000000}" "${2:-50}"
