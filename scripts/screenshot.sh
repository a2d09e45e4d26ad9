#!/usr/bin/env bash
# Screenshot of the HTML audit report: makes sure a headless Chromium is there (installs Debian's
# `chromium` when it is missing and we are root), then runs the browser test, which renders a
# full example report, saves it as $CARGO_TARGET_DIR/html-report.png (else target/) with the
# page beside it as html-report.html, and checks that Chromium drew it.
#   --install-only   only make sure Chromium is there (for CI, before scripts/test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

have_chromium() {
  [ -n "${MASQ_CHROMIUM:-}" ] || command -v chromium >/dev/null ||
    command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null
}

if ! have_chromium; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing chromium (apt-get)" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    echo "no chromium: apt-get install chromium, or set MASQ_CHROMIUM to a Chromium binary" >&2
    exit 1
  fi
fi
[ "${1:-}" = "--install-only" ] && exit 0

cargo test --test integration html_report::chromium -- --nocapture
