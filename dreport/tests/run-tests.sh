#!/usr/bin/env bash
# dreport test run: PHPUnit (unit + integration against a private MariaDB and `php -S`),
# then the browser tests (headless Chromium via playwright-core).
#
#   bash dreport/tests/run-tests.sh            # everything
#   SKIP_BROWSER=1 bash dreport/tests/run-tests.sh
#   PHPUNIT_ARGS="--filter Api" bash dreport/tests/run-tests.sh
#   CRS_BUILD=1 ...      build the Rust binaries first when target/debug lacks them
#   CRS_BIN_DIR=DIR ...  take cloud-report-server and bos-client from DIR
#
# Uses DB_HOST/DB_PORT (+ DB_USER/DB_PASSWORD) when given, else starts its own MariaDB
# with scripts/test-mariadb.sh on a free port. Every test creates and drops its own
# throw-away databases. Everything started here is stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
export DREPORT_ROOT="$ROOT"
mkdir -p test-output/screenshots

WORK=$(mktemp -d /tmp/dreport-tests.XXXXXX)
export DREPORT_TEST_TMP="$WORK"
OWN_DB=0

cleanup() {
  local rc=$?
  if [ "$OWN_DB" = 1 ]; then
    bash "$ROOT/scripts/test-mariadb.sh" stop "$WORK/mariadb" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  php -r '$s=stream_socket_server("tcp://127.0.0.1:0",$e,$m); $n=stream_socket_get_name($s,false); echo substr($n, strrpos($n,":")+1);'
}

if [ -z "${DB_HOST:-}" ] || [ -z "${DB_PORT:-}" ]; then
  port=$(free_port)
  echo "== starting private MariaDB on 127.0.0.1:$port"
  OWN_DB=1
  bash "$ROOT/scripts/test-mariadb.sh" start "$WORK/mariadb" "$port"
  export DB_HOST=127.0.0.1 DB_PORT=$port DB_USER=crs DB_PASSWORD=crs
fi
export DB_USER=${DB_USER:-crs} DB_PASSWORD=${DB_PASSWORD:-crs}
# Each test makes its own database; DB_NAME is never the real one.
unset DB_NAME

start=$(date +%s)
echo "== PHPUnit"
# shellcheck disable=SC2086
phpunit -c "$ROOT/dreport/phpunit.xml" ${PHPUNIT_ARGS:-}
echo "== PHPUnit done in $(( $(date +%s) - start ))s"

if [ "${SKIP_BROWSER:-0}" = 1 ]; then
  echo "== browser tests skipped (SKIP_BROWSER=1)"
  exit 0
fi

BROWSER_DIR="$ROOT/dreport/tests/browser"
if [ ! -d "$BROWSER_DIR/node_modules/playwright-core" ]; then
  echo "== installing playwright-core (npm ci)"
  (cd "$BROWSER_DIR" && npm ci --no-audit --no-fund --silent)
fi
# The live-clients test needs target/debug/{cloud-report-server,bos-client} (or CRS_BIN_DIR).
# `make test` builds them first; CRS_BUILD=1 builds them here when missing. Without them the
# test is skipped with a message saying so.
BIN_DIR=${CRS_BIN_DIR:-$ROOT/target/debug}
if [ ! -x "$BIN_DIR/cloud-report-server" ] || [ ! -x "$BIN_DIR/bos-client" ]; then
  if [ "${CRS_BUILD:-0}" = 1 ] && command -v cargo >/dev/null 2>&1; then
    echo "== building the Rust binaries for the live-clients test (cargo build --bins)"
    cargo build --bins --quiet
  fi
fi
bstart=$(date +%s)
echo "== browser tests"
# run.mjs (admin panel) and every *.e2e.mjs (e.g. viewer.e2e.mjs); BROWSER_TESTS=viewer
# runs only the files whose name contains "viewer". All run; the first failure fails the run.
bstatus=0
for f in "$BROWSER_DIR/run.mjs" "$BROWSER_DIR"/*.e2e.mjs; do
  [ -e "$f" ] || continue
  case "$(basename "$f")" in *"${BROWSER_TESTS:-}"*) ;; *) continue ;; esac
  echo "== $(basename "$f")"
  node "$f" || bstatus=1
done
[ "$bstatus" = 0 ] || { echo "== browser tests FAILED"; exit 1; }
echo "== browser tests done in $(( $(date +%s) - bstart ))s"
echo "== all dreport tests passed in $(( $(date +%s) - start ))s"
