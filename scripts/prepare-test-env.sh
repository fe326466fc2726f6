#!/usr/bin/env bash
# Installs and starts what the test suite needs beyond Python packages.  Called by `make test`.
# Usage: scripts/prepare-test-env.sh VENV
set -euo pipefail
VENV="${1:-.venv}"
cd "$(dirname "$0")/.."
for s in scripts/prepare.d/*.sh; do
  [ -e "$s" ] || continue
  echo "== $s"
  bash "$s" "$VENV"
done
