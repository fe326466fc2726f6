#!/usr/bin/env bash
# Debian's chromium for the browser tests (tests/e2e/test_browser.py drives it through Playwright with
# executable_path=/usr/bin/chromium; Playwright's own browser download is never used).
# Usage: scripts/prepare.d/chromium.sh [VENV]
set -euo pipefail
CHROMIUM="${WINSET_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  echo "chromium present: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "chromium is missing at $CHROMIUM and this script is not running as root:" >&2
  echo "  install it with: sudo apt-get install -y chromium" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "installed: $("$CHROMIUM" --version)"
