#!/usr/bin/env bash
# Smoke test of `make run` (part of `make test`, which runs it first): starts scripts/run-local.sh
# in its own session with a fresh temporary run dir and free ports (so it can run beside a live
# `make run`), and lets it build: on a clean checkout (CI) this is the first run a new user
# sees, build included, and the compile `make test` needs anyway. Then it checks through real
# HTTP:
#   - that the run showed its progress and reached "ready" with its readiness clock started
#     after the build,
#   - the dreport start page for the demo phone,
#   - /status (Basic auth) with two demo shops online,
#   - a day-turnover report relayed through the server to a demo shop and back,
#   - that a second `make run` on the same run dir refuses to start,
# then stops the run with SIGTERM, restarts it on the same run dir and stops it with SIGINT
# (after SIGKILLing a demo shop first), restarts it and stops it with SIGHUP, each signal sent
# to the run's process group, and checks each time that no process of the run is left and its
# ports are free.
# Prints one PASS/FAIL line per check; exits non-zero on any failure.
#   CRS_SMOKE_PROFILE (debug: the profile `make run` and `make test` share)
#   CRS_SMOKE_TIMEOUT (5400 s for the whole start-up, a first build on a busy machine included)
#   CRS_RUN_TIMEOUT (120 s: what run-local.sh gives the services once they start)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
export PATH="$HOME/.cargo/bin:$PATH"
PROFILE=${CRS_SMOKE_PROFILE:-debug}
TIMEOUT=${CRS_SMOKE_TIMEOUT:-5400}
SVC_TIMEOUT=${CRS_RUN_TIMEOUT:-120}
T0=$SECONDS

failures=0
pass() { printf 'PASS  %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*"; failures=$((failures + 1)); }

# Four distinct free ports, asked from the kernel.
# shellcheck disable=SC2016 # PHP code
read -r DB_PORT WEB_PORT TCP_PORT HTTP_PORT < <(php -r '
  $s = []; $p = [];
  for ($i = 0; $i < 4; $i++) {
    $s[$i] = stream_socket_server("tcp://127.0.0.1:0");
    $n = stream_socket_get_name($s[$i], false);
    $p[] = substr($n, strrpos($n, ":") + 1);
  }
  echo implode(" ", $p), "\n";')

RUN_DIR=$(mktemp -d /tmp/crs-smoke.XXXXXX)
OUT=$RUN_DIR/run-local.out
RUN_PID=
SID=

finish() {
  local rc=$?
  if [ -n "$RUN_PID" ] && kill -0 "$RUN_PID" 2>/dev/null; then
    kill -TERM "$RUN_PID" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$RUN_PID" 2>/dev/null || break; sleep 0.2; done
  fi
  # Anything of this run still alive belongs to the session we created for it.
  if [ -n "$SID" ]; then
    for p in $(pgrep -s "$SID" 2>/dev/null || true); do kill -KILL "$p" 2>/dev/null || true; done
  fi
  if [ "$failures" -gt 0 ] || [ "$rc" -ne 0 ]; then
    mkdir -p "$ROOT/test-output/smoke-run"
    cp -r "$RUN_DIR"/run-local*.out "$RUN_DIR/logs" "$ROOT/test-output/smoke-run/" 2>/dev/null || true
    echo "smoke-run: output and logs kept in test-output/smoke-run/"
  fi
  rm -rf "$RUN_DIR"
}
trap finish EXIT

# start_run OUTFILE [VAR=VALUE...]: `make run` as the leader of a new session and process group,
# as a terminal runs it, with the signals a terminal sends at their defaults (a background job
# of a script starts with SIGINT ignored, which a trap cannot undo).
start_run() {
  OUT=$1
  shift
  env CRS_RUN_DIR="$RUN_DIR" CRS_RUN_DB_PORT="$DB_PORT" CRS_RUN_WEB_PORT="$WEB_PORT" \
    CRS_RUN_TCP_PORT="$TCP_PORT" CRS_RUN_HTTP_PORT="$HTTP_PORT" CRS_RUN_PROFILE="$PROFILE" \
    CRS_RUN_TIMEOUT="$SVC_TIMEOUT" "$@" \
    setsid env --default-signal=INT,QUIT,TERM,HUP make -s --no-print-directory run </dev/null >"$OUT" 2>&1 &
  RUN_PID=$!
  SID=$(ps -o sid= -p "$RUN_PID" | tr -d ' ' || true)
}

# wait_ready: until the run says "ready", exits, or the smoke's own cap passes. Every 30 s it
# says what the run is doing (a first build takes minutes; CI should not see silence).
wait_ready() {
  local t=$SECONDS next=30
  while [ $((SECONDS - t)) -lt "$TIMEOUT" ]; do
    grep -q '^make run: ready in' "$OUT" && return 0
    kill -0 "$RUN_PID" 2>/dev/null || break
    if [ $((SECONDS - t)) -ge "$next" ]; then
      echo "smoke-run: make run busy for $((SECONDS - t)) s: $(tail -n 1 "$OUT" | cut -c1-120)"
      next=$((next + 30))
    fi
    sleep 0.5
  done
  fail "make run did not become ready (output: $OUT); its last lines:"
  tail -n 60 "$OUT"
  exit 1
}

BIN_DIR=${CARGO_TARGET_DIR:-$ROOT/target}/$PROFILE
if [ -x "$BIN_DIR/cloud-report-server" ] && [ -x "$BIN_DIR/bos-client" ]; then
  first="the binaries were built already"
else
  first="first build: no binaries in $BIN_DIR yet"
fi
echo "smoke-run: starting make run (db $DB_PORT, web $WEB_PORT, tcp $TCP_PORT, http $HTTP_PORT, $PROFILE build; $first)"
start_run "$RUN_DIR/run-local.out"
wait_ready
[ "$SID" = "$RUN_PID" ] || fail "make run is not a session leader (sid $SID, pid $RUN_PID)"

# 0. The first run, on a fresh run dir: it said what it was doing, built, created the database,
# and measured its readiness from when the services started.
build_s=$(sed -n 's/^make run: build done in \([0-9]*\) s$/\1/p' "$OUT")
svc_s=$(sed -n 's/^make run: ready in [0-9]* s (services up in \([0-9]*\) s)$/\1/p' "$OUT")
total_s=$(sed -n 's/^make run: ready in \([0-9]*\) s.*/\1/p' "$OUT")
if grep -q '^make run: checking the system packages' "$OUT" && grep -q '^make run: building' "$OUT" &&
  [ -n "$build_s" ] && grep -q '^make run: starting the services' "$OUT" &&
  grep -q '^make run: creating database dreports from schema.sql' "$OUT" &&
  [ -n "$svc_s" ] && [ "$svc_s" -le "$SVC_TIMEOUT" ]; then
  pass "first make run on a fresh run dir ($first): ready in $total_s s = build $build_s s + services $svc_s s (limit $SVC_TIMEOUT s from service start)"
else
  fail "first make run: progress or timing lines missing (build='$build_s' services='$svc_s'); output:"
  cat "$OUT"
fi

WEB=http://127.0.0.1:$WEB_PORT
API=http://127.0.0.1:$HTTP_PORT

# 1. The viewer's start page for the demo phone lists its two shops.
page=$(curl -s -L -m 20 -c "$RUN_DIR/cookies" -b "$RUN_DIR/cookies" -w '\n%{http_code}' \
  "$WEB/dreport/index.php?id=demo-phone-1" || true)
code=${page##*$'\n'}
if [ "$code" = 200 ] && grep -q 'Cafe Demo' <<<"$page"; then
  pass "dreport start page (index.php?id=demo-phone-1): HTTP 200, lists the demo shops"
else
  fail "dreport start page: HTTP $code; body starts: $(head -c 300 <<<"${page%$'\n'*}")"
fi

# shellcheck disable=SC2016 # a literal dollar sign
AUTH='user:pass$123'
# shellcheck disable=SC2016 # PHP code
relays() {
  curl -s -m 10 -u "$AUTH" "$API/status" |
    php -r '$s = json_decode(stream_get_contents(STDIN), true); echo (int) ($s["counters"]["relays"] ?? -1);' 2>/dev/null ||
    echo -1
}

# 1b. The phone's day-turnover page: dreport asks the report server, which asks the shop.
before=$(relays)
page=$(curl -s -L -m 40 -c "$RUN_DIR/cookies" -b "$RUN_DIR/cookies" -w '\n%{http_code}' \
  "$WEB/dreport/report.php?r=dayturnover&id=3769d93a" || true)
code=${page##*$'\n'}
after=$(relays)
if [ "$code" = 200 ] && ! grep -q 'report-error' <<<"$page" && grep -q '<table' <<<"$page" &&
  [ "$after" -gt "$before" ]; then
  pass "viewer day-turnover page through dreport and the server: HTTP 200, data rendered, relays $before -> $after"
else
  fail "viewer day-turnover page: HTTP $code, relays $before -> $after; $(grep -o 'report-error[^<]*<strong>[^<]*' <<<"$page" | head -1)"
fi

# 2. /status shows both demo shops identified.
status=$(curl -s -m 10 -u "$AUTH" -w '\n%{http_code}' "$API/status" || true)
code=${status##*$'\n'}
# shellcheck disable=SC2016 # PHP code
summary=$(php -r '$s = json_decode(stream_get_contents(STDIN), true);
  echo ($s["status"] ?? "?"), " ", (int) ($s["clients"]["identified"] ?? -1), " ",
    (int) ($s["clients"]["connected"] ?? -1), " ", ($s["database"]["state"] ?? "?");' \
  <<<"${status%$'\n'*}" 2>/dev/null || true)
read -r st ident conn dbstate <<<"${summary:-? -1 -1 ?}"
if [ "$code" = 200 ] && [ "$st" = running ] && [ "$ident" = 2 ] && [ "$conn" = 2 ] && [ "$dbstate" = connected ]; then
  pass "/status: running, 2 clients connected and identified, database connected"
else
  fail "/status: HTTP $code, status=$st identified=$ident connected=$conn database=$dbstate"
fi
health=$(curl -s -m 10 -o /dev/null -w '%{http_code}' "$API/health" || true)
if [ "$health" = 200 ]; then pass "/health: 200"; else fail "/health: HTTP $health"; fi

# 3. A day-turnover report relayed through the server to shop 3769d93a.
day=$(date +%Y-%m-%d)
task=$(printf '{"Id":"3769d93a","Pass":"fe01ce2a7fbac8fafaed7c982a04e229","DayTurnover":{"Type":"Query","SQL":"select sum(b.SELL_SUM) as TOTAL, count(*) as RECEIPTS from SALES_BON b where cast(b.SELL_DATETIME as date) = %s and b.SELL_REVOKED_ = 0"}}' "'$day'")
relay=$(curl -s -m 40 -X POST -H 'Content-Type: text/xml' --data-binary "$task" -w '\n%{http_code}' \
  "$API/report/DayTurnover/?id=3769d93a&u=user&p=pass\$123" || true)
code=${relay##*$'\n'}
# shellcheck disable=SC2016 # PHP code
verdict=$(php -r '$r = json_decode(stream_get_contents(STDIN), true);
  $rows = $r["DayTurnover"] ?? null;
  echo (is_array($r) ? ($r["ResultCode"] ?? "none") : "not-json"), " ",
    (is_array($rows) ? count($rows) : 0), " ",
    (is_array($rows) && isset($rows[0]["TOTAL"]) && is_numeric($rows[0]["TOTAL"]) ? "total" : "no-total");' \
  <<<"${relay%$'\n'*}" 2>/dev/null || true)
read -r rc rows total <<<"${verdict:-? 0 no-total}"
if [ "$code" = 200 ] && [ "$rc" = 0 ] && [ "$rows" -ge 1 ] && [ "$total" = total ]; then
  pass "day-turnover relay through the server: ResultCode 0, $rows row(s) with TOTAL"
else
  fail "day-turnover relay: HTTP $code ResultCode=$rc rows=$rows ($total); body: $(head -c 300 <<<"${relay%$'\n'*}")"
fi

# 3b. The server wrote its history into the run's database (events are written asynchronously).
mysql_bin=$(command -v mariadb || command -v mysql || echo mariadb)
conns=0 relays_logged=0
for _ in $(seq 1 30); do
  read -r conns relays_logged < <("$mysql_bin" --no-defaults --socket="$RUN_DIR/mariadb/mysqld.sock" -uroot -N dreports -e \
    "SELECT (SELECT COUNT(DISTINCT cc_objectid) FROM t_client_connections WHERE cc_objectid IN ('3769d93a','1a2b3c4d')),
            (SELECT COUNT(*) FROM t_relay_log WHERE rl_objectid='3769d93a' AND rl_resultcode=0)" 2>/dev/null ||
    echo "0 0")
  [ "${conns:-0}" -ge 2 ] && [ "${relays_logged:-0}" -ge 1 ] && break
  sleep 0.2
done
if [ "${conns:-0}" -ge 2 ] && [ "${relays_logged:-0}" -ge 1 ]; then
  pass "database: connections of both shops and $relays_logged relays logged"
else
  fail "database: $conns shops in t_client_connections, $relays_logged relays in t_relay_log"
fi

# 4. A second `make run` on the same run dir refuses to start while this one runs.
set +e
second=$(CRS_RUN_DIR=$RUN_DIR CRS_RUN_DB_PORT=$DB_PORT CRS_RUN_WEB_PORT=$WEB_PORT \
  CRS_RUN_TCP_PORT=$TCP_PORT CRS_RUN_HTTP_PORT=$HTTP_PORT CRS_RUN_SKIP_DEPS=1 CRS_RUN_SKIP_BUILD=1 \
  timeout 20 scripts/run-local.sh </dev/null 2>&1)
second_rc=$?
set -e
if [ "$second_rc" -ne 0 ] && grep -q 'already running' <<<"$second" && kill -0 "$RUN_PID" 2>/dev/null; then
  pass "a second make run on the same run dir refuses (exit $second_rc) and the first keeps running"
else
  fail "second make run: exit $second_rc: $second"
fi

# 5. Each stop signal, sent to the run's process group as a terminal, `kill` or a service
# manager does, stops everything: no process of the run's session or naming its folder is
# left, the ports are free, the pid files are gone.
# Processes of the run's session or naming its folder; zombies (dead, waiting for init to
# reap them) do not count.
leftovers() {
  local p
  for p in $( (pgrep -s "$SID" || true; pgrep -f "$RUN_DIR" || true) | sort -u); do
    [ "$p" = $$ ] && continue
    case $(ps -o stat= -p "$p" 2>/dev/null) in Z* | '') ;; *) printf '%s ' "$p" ;; esac
  done
}
# stop_with SIG WHAT: send SIG to the process group (make and the script get it; make waits
# for the script, then dies of the signal), then check that the script's cleanup ran to its end
# with exit 0 and nothing is left.
stop_with() {
  local sig=$1 what=$2 stopped=0 run_rc=0 left busy p
  local pids_before
  pids_before=$(pgrep -s "$SID" | wc -l)
  kill -"$sig" -- "-$RUN_PID"
  for _ in $(seq 1 300); do
    if ! kill -0 "$RUN_PID" 2>/dev/null; then stopped=1; break; fi
    sleep 0.2
  done
  wait "$RUN_PID" 2>/dev/null || run_rc=$?
  if [ "$stopped" = 1 ] && grep -q "^make run: got SIG$sig" "$OUT" &&
    grep -q '^make run: stopped (data kept' "$OUT" &&
    { [ "$what" != clean ] || ! grep -q 'Error [0-9]' "$OUT"; }; then
    pass "SIG$sig to the process group: make run cleaned up and stopped (make's status $run_rc)"
  else
    fail "SIG$sig: make run stopped=$stopped status=$run_rc; its last lines:"
    tail -n 20 "$OUT"
  fi
  for _ in $(seq 1 25); do
    left=$(leftovers)
    [ -z "$left" ] && break
    sleep 0.2
  done
  if [ -z "${left// /}" ]; then
    pass "SIG$sig: no process left behind ($pids_before were running in the session)"
  else
    fail "SIG$sig: processes left behind: $left"
    for p in $left; do ps -o pid=,args= -p "$p" || true; done
  fi
  busy=""
  for p in "$DB_PORT" "$WEB_PORT" "$TCP_PORT" "$HTTP_PORT"; do
    if (: <"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then busy+=" $p"; fi
  done
  if [ -z "$busy" ]; then
    pass "SIG$sig: ports $DB_PORT $WEB_PORT $TCP_PORT $HTTP_PORT are free"
  else
    fail "SIG$sig: ports still open:$busy"
  fi
  if compgen -G "$RUN_DIR/pids/*.pid" >/dev/null || [ -e "$RUN_DIR/run-local.pid" ]; then
    fail "SIG$sig: pid files left: $(ls "$RUN_DIR/pids" "$RUN_DIR"/run-local.pid 2>/dev/null | tr '\n' ' ')"
  fi
  RUN_PID=
}

stop_with TERM clean

# SIGINT (Ctrl-C) after a child has already died (a demo shop SIGKILLed): the cleanup must not
# trip over the dead one.
start_run "$RUN_DIR/run-local-int.out" CRS_RUN_SKIP_DEPS=1
wait_ready
shop2=$(cat "$RUN_DIR/pids/shop2.pid")
kill -KILL -- "-$shop2"
stop_with INT "after a dead child"

# SIGHUP (the terminal closed).
start_run "$RUN_DIR/run-local-hup.out" CRS_RUN_SKIP_DEPS=1
wait_ready
stop_with HUP clean

echo "smoke-run: $failures failure(s) in $((SECONDS - T0)) s"
[ "$failures" -eq 0 ]
