#!/usr/bin/env bash
# `make test`: every test, every part run even when an earlier one fails:
#   1. the `make run` smoke test (scripts/smoke-run.sh): it runs `make run`'s script on a fresh
#      run dir and lets it build, so on a clean checkout it is the first run a new user sees,
#      and its build (the dev profile `make run` and `make test` share) is the one the rest uses;
#   2. the Rust tests: `cargo test --no-fail-fast`, so every test binary runs even when an
#      earlier one fails (cargo-nextest is not used: it runs each test in its own process, and
#      the database tests share one private MariaDB per test binary);
#   3. the shell-script tests (scripts/test-scripts.sh);
#   4. PHPUnit and the browser tests (dreport/tests/run-tests.sh).
# Each part's output is kept in test-output/<part>.log and its tests are counted from it. The
# summary lists passed / failed / skipped per part and ends with one plain line for the whole
# run, which CI reads:
#   N passed, N failed, N skipped
# A part that fails without a count of its own (a compile error, a crash) counts as one failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never
OUT_DIR=test-output
mkdir -p "$OUT_DIR"

if ! scripts/ensure-deps.sh test; then
  echo "=== the test dependencies are missing (see above): nothing ran"
  echo "0 passed, 1 failed"
  exit 1
fi

declare -a rows=()
total_p=0 total_f=0 total_s=0

# count_cargo LOG: the sums of cargo's "test result:" lines.
count_cargo() {
  awk '/^test result: / {
      for (i = 1; i <= NF; i++) {
        if ($(i + 1) ~ /^passed/) p += $i
        if ($(i + 1) ~ /^failed/) f += $i
        if ($(i + 1) ~ /^ignored/) s += $i
      }
    } END { printf "%d %d %d\n", p, f, s }' "$1"
}
# count_lines LOG: PASS / FAIL / SKIP lines (the smoke test, the script tests, the browser tests).
count_lines() {
  awk '/^PASS / { p++ } /^FAIL / { f++ } /^SKIP / { s++ } END { printf "%d %d %d\n", p, f, s }' "$1"
}
# count_dreport LOG: PHPUnit's summary ("OK (N tests, ...)" or "Tests: N, Assertions: A,
# Failures: F, Errors: E, Skipped: S, Incomplete: I, Risky: R.") plus the browser tests' lines.
count_dreport() {
  awk '
    /^OK \([0-9]+ tests?,/ { t = $2; sub(/\(/, "", t); up += t }
    /^Tests: [0-9]+, Assertions:/ {
      n = 0; fl = 0; sk = 0
      for (i = 1; i <= NF; i++) {
        v = $(i + 1); gsub(/[,.]/, "", v)
        if ($i == "Tests:") n = v
        if ($i == "Failures:" || $i == "Errors:" || $i == "Risky:") fl += v
        if ($i == "Skipped:" || $i == "Incomplete:") sk += v
      }
      uf += fl; us += sk; up += n - fl - sk
    }
    /^== browser tests$/ { browser = 1 }
    browser && /^PASS / { up++ }
    browser && /^FAIL / { uf++ }
    browser && /^SKIP / { us++ }
    END { printf "%d %d %d\n", up, uf, us }' "$1"
}

# part NAME COUNTER CMD...: run CMD, its output shown and kept; count its tests.
part() {
  local name=$1 counter=$2
  shift 2
  local log=$OUT_DIR/$name.log start=$SECONDS rc p f s
  echo "=== $name: $*"
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  read -r p f s < <("$counter" "$log")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1
    echo "=== $name exited with status $rc without a failed test of its own: counted as 1 failure"
  fi
  total_p=$((total_p + p)) total_f=$((total_f + f)) total_s=$((total_s + s))
  local verdict=PASS
  [ "$rc" -eq 0 ] && [ "$f" -eq 0 ] || verdict=FAIL
  rows+=("$(printf '%-5s %-16s %4d passed, %3d failed, %3d skipped  (%d s)' \
    "$verdict" "$name" "$p" "$f" "$s" $((SECONDS - start)))")
}

if [ "${CRS_TEST_SKIP_SMOKE:-0}" != 1 ]; then
  part smoke-run count_lines scripts/smoke-run.sh
fi
part rust count_cargo cargo test --no-fail-fast
part scripts count_lines scripts/test-scripts.sh
part dreport count_dreport dreport/tests/run-tests.sh

echo
echo "=== summary (logs in $OUT_DIR/)"
printf '%s\n' "${rows[@]}"
echo "$total_p passed, $total_f failed, $total_s skipped"
[ "$total_f" -eq 0 ]
