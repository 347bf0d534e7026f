#!/usr/bin/env bash
# Tests of the developer scripts (part of `make test`): scripts/ensure-deps.sh.
#   - its checks are deterministic: 50 runs, 10 at a time (a loaded machine is where a
#     `php -m | grep -q` under pipefail used to report present packages as missing), give
#     identical output and exit status;
#   - a missing package is reported with its reason, and without root it stops with the list of
#     packages and the command to run as root, without calling apt-get.
# Prints one PASS/FAIL line per check; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

failures=0
pass() { printf 'PASS  %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*"; failures=$((failures + 1)); }

WORK=$(mktemp -d /tmp/crs-script-tests.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# 1. Determinism under load.
runs=50
for batch in $(seq 0 9 | head -n $((runs / 10))); do
  for i in $(seq 0 9); do
    n=$((batch * 10 + i))
    (
      scripts/ensure-deps.sh --check test >"$WORK/check.$n" 2>&1
      echo "exit $?" >>"$WORK/check.$n"
    ) &
  done
  wait
done
distinct=$(cat "$WORK"/check.* | sort | uniq -c | wc -l)
variants=$(for f in "$WORK"/check.*; do md5sum <"$f"; done | sort -u | wc -l)
if [ "$variants" = 1 ]; then
  pass "ensure-deps --check: $runs runs (10 at a time) gave identical results: $(tail -n 1 "$WORK/check.0"), $(($(wc -l <"$WORK/check.0") - 1)) line(s) of report"
else
  fail "ensure-deps --check: $runs runs gave $variants different results ($distinct distinct lines):"
  for f in "$WORK"/check.*; do md5sum <"$f"; done | sort | uniq -c
  cat "$WORK"/check.* | sort | uniq -c
fi

# 2. --check names a missing package and why, exit 1.
out=$(scripts/ensure-deps.sh --check run --need crs-test-missing-pkg:crs-no-such-command 2>&1)
rc=$?
if [ "$rc" = 1 ] && grep -q '^ensure-deps: missing crs-test-missing-pkg: .*crs-no-such-command' <<<"$out"; then
  pass "ensure-deps --check reports a missing package with its reason (exit 1)"
else
  fail "ensure-deps --check with a missing package: exit $rc: $out"
fi

# 3. Cannot install (not root; sudo present but asking for a password): a clear message, no
# apt-get. As root, the script runs as `nobody` from a copy it can read; a fake sudo that
# refuses and a fake apt-get that records being called come first on PATH.
mkdir -p "$WORK/bin" "$WORK/repo/scripts"
cp scripts/ensure-deps.sh "$WORK/repo/scripts/"
cat >"$WORK/bin/sudo" <<'EOF'
#!/bin/sh
echo "sudo: a password is required" >&2
exit 1
EOF
cat >"$WORK/bin/apt-get" <<EOF
#!/bin/sh
echo called >"$WORK/apt-get-called"
exit 1
EOF
chmod 755 "$WORK" "$WORK/bin" "$WORK/bin/"* "$WORK/repo" "$WORK/repo/scripts" "$WORK/repo/scripts/ensure-deps.sh"
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
out=$("${as_user[@]}" env HOME="$WORK" PATH="$WORK/bin:/usr/local/bin:/usr/bin:/bin" \
  "$WORK/repo/scripts/ensure-deps.sh" run --need crs-test-missing-pkg:crs-no-such-command 2>&1)
rc=$?
if [ "$rc" = 1 ] && grep -q 'cannot install crs-test-missing-pkg: not running as root and sudo asks for a password' <<<"$out" &&
  grep -qF 'apt-get install -y --no-install-recommends crs-test-missing-pkg' <<<"$out" &&
  [ ! -e "$WORK/apt-get-called" ]; then
  pass "ensure-deps without root: names the package and the command to run as root (exit 1, apt-get not called)"
else
  fail "ensure-deps without root: exit $rc, apt-get called: $([ -e "$WORK/apt-get-called" ] && echo yes || echo no); output: $out"
fi

echo "test-scripts: $failures failure(s)"
[ "$failures" -eq 0 ]
