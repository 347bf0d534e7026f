#!/usr/bin/env bash
# `make test`: every test — Rust (unit, protocol, HTTP, MySQL with private MariaDB instances,
# proxy, deployment files), PHP (PHPUnit + headless Chromium), and the `make run` smoke test.
# Prints one summary line at the end and exits non-zero if any part failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

scripts/ensure-deps.sh test || exit 1

declare -a results=()
failed=0
step() {
  local name=$1; shift
  local start=$SECONDS
  echo "=== $name: $*"
  if "$@"; then
    results+=("PASS  $name ($((SECONDS - start)) s)")
  else
    results+=("FAIL  $name ($((SECONDS - start)) s)")
    failed=$((failed + 1))
  fi
}

step "cargo build" cargo build --bins
step "rust tests" cargo test
if [ -x dreport/tests/run-tests.sh ]; then
  step "php + browser tests" dreport/tests/run-tests.sh
fi
if [ -x scripts/smoke-run.sh ]; then
  step "make run smoke test" scripts/smoke-run.sh
fi

echo
echo "=== summary"
printf '%s\n' "${results[@]}"
echo "summary: $(( ${#results[@]} - failed )) of ${#results[@]} parts passed"
[ "$failed" -eq 0 ]
