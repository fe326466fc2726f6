#!/usr/bin/env bash
# A private PostgreSQL server for the store tests (tests/integration/test_store.py runs every store test on SQLite and on
# PostgreSQL).  Installs Debian's postgresql when missing (as root), creates a throw-away cluster under
# /tmp, starts it on a Unix socket only (no TCP port), and writes its SQLAlchemy URL to $VENV/winset-test-postgres.url.
# Running it again reuses the running server.
# Usage: scripts/prepare.d/postgres.sh [VENV]
set -euo pipefail
VENV="${1:-.venv}"
URL_FILE="$VENV/winset-test-postgres.url"
rm -f "$URL_FILE"

if [ "${WINSET_SKIP_POSTGRES:-}" = 1 ]; then
  echo "WINSET_SKIP_POSTGRES=1: store tests run on SQLite only"
  exit 0
fi

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
BIN="$(bindir || true)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL server binaries are missing and this script is not running as root:" >&2
    echo "  install them with: sudo apt-get install -y postgresql   (or set WINSET_SKIP_POSTGRES=1)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  BIN="$(bindir)"
fi

# PostgreSQL refuses to run as root: use the postgres account then.
if [ "$(id -u)" -eq 0 ]; then
  RUN=(runuser -u postgres --)
  OWNER=postgres
else
  RUN=()
  OWNER="$(id -un)"
fi

DIR="/tmp/winset-test-pg-$(id -u)"
DATA="$DIR/data"
mkdir -p "$DIR"
chown "$OWNER" "$DIR" 2>/dev/null || true
chmod 700 "$DIR"

if ! "${RUN[@]}" "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  if [ ! -f "$DATA/PG_VERSION" ]; then
    "${RUN[@]}" "$BIN/initdb" -D "$DATA" -U winset --auth=trust -E UTF8 --no-locale >/dev/null
  fi
  "${RUN[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
    -o "-k $DIR -c listen_addresses='' -c max_connections=200 -c fsync=off" start >/dev/null
fi
"$BIN/pg_isready" -h "$DIR" -U winset -d postgres >/dev/null
echo "postgresql+psycopg://winset@/postgres?host=$DIR" > "$URL_FILE"
echo "postgres running: socket in $DIR (URL in $URL_FILE)"
