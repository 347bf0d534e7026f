#!/usr/bin/env bash
# make fuzz: runs every cargo-fuzz target under fuzz/ for FUZZ_SECONDS each (default 60; the
# issue's full run is FUZZ_SECONDS=600), one after another, starting from the committed seed
# corpora (fuzz/seeds/<target>) plus what earlier runs found (fuzz/corpus/<target>, not
# committed). Prints each target's executions and any crash; exits non-zero on a crash.
#
#   FUZZ_SECONDS=600 make fuzz          every target 10 minutes
#   FUZZ_TARGETS="reply cp1251" make fuzz
#   FUZZ_BUILD_FLAGS=-O make fuzz       without debug assertions (default: -O -a)
#
# Installs cargo-fuzz from crates.io when missing and builds on the stable toolchain
# (RUSTC_BOOTSTRAP=1: cargo-fuzz needs -Z flags for the sanitizer and coverage options).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1

seconds="${FUZZ_SECONDS:-60}"
# Release code with debug assertions (integer overflow checks) by default.
flags="${FUZZ_BUILD_FLAGS:--O -a}"
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz: installing cargo-fuzz from crates.io"
    cargo install --locked cargo-fuzz
fi

targets="${FUZZ_TARGETS:-$(cd fuzz && cargo fuzz list)}"
echo "fuzz: building $(echo $targets | wc -w) targets"
(cd fuzz && cargo fuzz build $flags)

failed=()
summary=()
for t in $targets; do
    mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
    log="fuzz/artifacts/$t/last-run.log"
    echo "fuzz: $t for ${seconds}s"
    set +e
    (cd fuzz && cargo fuzz run $flags "$t" "corpus/$t" "seeds/$t" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=262144 \
        -print_final_stats=1) >"$log" 2>&1
    rc=$?
    set -e
    execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{s+=$2} END {print s+0}')
    if [ "$rc" -ne 0 ]; then
        # libFuzzer names the input it saved: "Test unit written to <dir>/crash-<sha1>".
        crash=$(grep -oE 'Test unit written to [^ ]+' "$log" | tail -1 | sed 's/^Test unit written to //' || true)
        echo "fuzz: $t CRASHED after $execs executions: $crash"
        grep -E 'panicked at|ERROR: libFuzzer|assertion' "$log" | head -5 || true
        failed+=("$t")
        summary+=("$t: CRASH ($execs executions) $crash")
    else
        summary+=("$t: ok, $execs executions in ${seconds}s")
    fi
done

echo "fuzz: summary"
printf '  %s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz: crashes in: ${failed[*]} (reproduce: cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run <target> <artifact>)"
    exit 1
fi
