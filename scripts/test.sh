#!/usr/bin/env bash
# The test command from the README: every unit, integration, property and rule-example test.
# Live-LLM tests (later) run when MASQ_TEST_LLM_URL is set and say why they skip otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
export INSTA_UPDATE=no   # snapshot mismatches fail instead of writing .snap.new files
cargo test --locked --all-targets "$@"
