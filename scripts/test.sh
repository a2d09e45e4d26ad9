#!/usr/bin/env bash
# The test command from the README: every unit, integration, property and rule-example test,
# plus one pass of each criterion bench (as a smoke test). Ends with one summary line.
# Live-LLM tests (later) run when MASQ_TEST_LLM_URL is set and say why they skip otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
export INSTA_UPDATE=no   # snapshot mismatches fail instead of writing .snap.new files
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
cargo test --locked --all-targets "$@" 2>&1 | tee "$log" || status=$?
passed=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed' "$log" | awk '{s+=$1} END {print s+0}')
echo
echo "tests: ${passed} passed, ${failed} failed"
exit "$status"
