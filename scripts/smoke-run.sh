#!/usr/bin/env bash
# Smoke test of `make run` (part of `make test`): starts scripts/run-local.sh in its own session
# with a temporary run dir and free ports (so it can run beside a live `make run`), waits until
# it is ready, then checks through real HTTP:
#   - the dreport start page for the demo phone (the report pages themselves are checked by
#     the viewer's own browser tests),
#   - /status (Basic auth) with two demo shops online,
#   - a real SQL relay (POST /report) to a demo shop's Firebird database, checked against isql-fb,
#   - that a second `make run` on the same run dir refuses to start,
# then sends SIGTERM and checks that every process of the run is gone and its ports are free.
# Prints one PASS/FAIL line per check; exits non-zero on any failure.
#   CRS_SMOKE_PROFILE (debug: `make test` has just built it)   CRS_SMOKE_TIMEOUT (300 s: the
#   first run of a day builds two shop databases)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
export PATH="$HOME/.cargo/bin:$PATH"
PROFILE=${CRS_SMOKE_PROFILE:-debug}
TIMEOUT=${CRS_SMOKE_TIMEOUT:-300}
# The demo shops' Firebird databases: built once a day, then copied (scripts/shop-db.sh).
export SHOPDB_CACHE=${SHOPDB_CACHE:-$ROOT/target/shopdb-cache}
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
    cp -r "$OUT" "$RUN_DIR/logs" "$ROOT/test-output/smoke-run/" 2>/dev/null || true
    echo "smoke-run: output and logs kept in test-output/smoke-run/"
  fi
  rm -rf "$RUN_DIR"
}
trap finish EXIT

echo "smoke-run: starting make run (db $DB_PORT, web $WEB_PORT, tcp $TCP_PORT, http $HTTP_PORT, $PROFILE build)"
CRS_RUN_DIR=$RUN_DIR CRS_RUN_DB_PORT=$DB_PORT CRS_RUN_WEB_PORT=$WEB_PORT \
  CRS_RUN_TCP_PORT=$TCP_PORT CRS_RUN_HTTP_PORT=$HTTP_PORT CRS_RUN_PROFILE=$PROFILE \
  CRS_RUN_TIMEOUT=$TIMEOUT setsid scripts/run-local.sh </dev/null >"$OUT" 2>&1 &
RUN_PID=$!
SID=$(ps -o sid= -p "$RUN_PID" | tr -d ' ' || true)

ready=0
while [ $((SECONDS - T0)) -lt "$TIMEOUT" ]; do
  if grep -q '^make run: ready in' "$OUT"; then ready=1; break; fi
  kill -0 "$RUN_PID" 2>/dev/null || break
  sleep 0.5
done
if [ "$ready" = 1 ]; then
  pass "make run ready: $(grep -o 'ready in [0-9]* s' "$OUT")"
else
  fail "make run did not become ready within $TIMEOUT s; its output:"
  tail -n 40 "$OUT"
  exit 1
fi
[ "$SID" = "$RUN_PID" ] || fail "run-local.sh is not a session leader (sid $SID, pid $RUN_PID)"

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

# 1b. The phone's day-turnover page (the original URL): dreport asks the report server, which asks the shop.
before=$(relays)
page=$(curl -s -L -m 40 -c "$RUN_DIR/cookies" -b "$RUN_DIR/cookies" -w '\n%{http_code}' \
  "$WEB/dreport/dayturnover.php?id=3769d93a" || true)
code=${page##*$'\n'}
after=$(relays)
if [ "$code" = 200 ] && ! grep -q 'report-error' <<<"$page" && grep -q 'class="blocks"' <<<"$page" &&
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

# 3. A real SQL relay through POST /report to shop 3769d93a's Firebird database: the last full
#    business day's turnover (offset 3 h), checked against an independent isql-fb query.
shopsql() { scripts/shop-db.sh isql "$RUN_DIR/shop-3769d93a" <<<"SET HEADING OFF; $1" 2>&1 | tr -d ' \n'; }
day=$(shopsql "select cast(cast(dateadd(-3 hour to max(sell_datetime)) as date) - 1 as varchar(10)) from sales_bon;")
want=$(shopsql "select cast(sum(sell_sum) as varchar(30)) from sales_bon where sell_revoked_ = 0 and sell_datetime >= timestamp '$day 03:00:00' and sell_datetime < dateadd(day, 1, timestamp '$day 03:00:00');")
task=$(printf '{"Id":"3769d93a","Pass":"fe01ce2a7fbac8fafaed7c982a04e229","DayTurnover":{"Type":"Query","SQL":"select sum(b.SELL_SUM) as TOTAL, count(*) as RECEIPTS from SALES_BON b where cast(dateadd(-3 hour to b.SELL_DATETIME) as date) = %s and b.SELL_REVOKED_ = 0"}}' "'$day'")
relay=$(curl -s -m 40 -X POST -H 'Content-Type: text/xml' --data-binary "$task" -w '\n%{http_code}' \
  "$API/report/DayTurnover/?id=3769d93a&u=user&p=pass\$123" || true)
code=${relay##*$'\n'}
# shellcheck disable=SC2016 # PHP code
verdict=$(WANT=$want php -r '$r = json_decode(stream_get_contents(STDIN), true);
  $rows = $r["DayTurnover"] ?? null; $t = $rows[0]["TOTAL"] ?? null;
  echo (is_array($r) ? ($r["ResultCode"] ?? "none") : "not-json"), " ", (is_array($rows) ? count($rows) : 0), " ",
    (is_numeric($t) && is_numeric(getenv("WANT")) && abs($t - (float) getenv("WANT")) < 0.005 ? "equal" : "differ:" . json_encode($t));' \
  <<<"${relay%$'\n'*}" 2>/dev/null || true)
read -r rc rows total <<<"${verdict:-? 0 differ}"
if [ "$code" = 200 ] && [ "$rc" = 0 ] && [ "$rows" = 1 ] && [ "$total" = equal ]; then
  pass "real SQL relay to the Firebird shop: turnover of $day = $want, equal to an independent isql-fb query"
else
  fail "SQL relay: HTTP $code ResultCode=$rc rows=$rows total=$total isql=$want day=$day; body: $(head -c 300 <<<"${relay%$'\n'*}")"
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

# 5. SIGTERM stops everything: no process of the run's session is left, the ports are free.
pids_before=$(pgrep -s "$SID" | wc -l)
kill -TERM "$RUN_PID"
stopped=0
for _ in $(seq 1 150); do
  if ! kill -0 "$RUN_PID" 2>/dev/null; then stopped=1; break; fi
  sleep 0.2
done
run_rc=0
wait "$RUN_PID" 2>/dev/null || run_rc=$?
if [ "$stopped" = 1 ] && [ "$run_rc" = 0 ]; then
  pass "SIGTERM: make run stopped with exit 0"
else
  fail "SIGTERM: make run stopped=$stopped exit=$run_rc"
fi
# Processes of the run's session or naming its folder; zombies (dead, waiting for init to
# reap them) do not count.
leftovers() {
  local p
  for p in $( (pgrep -s "$SID" || true; pgrep -f "$RUN_DIR" || true) | sort -u); do
    [ "$p" = $$ ] && continue
    case $(ps -o stat= -p "$p" 2>/dev/null) in Z* | '') ;; *) printf '%s ' "$p" ;; esac
  done
}
for _ in $(seq 1 25); do
  left=$(leftovers)
  [ -z "$left" ] && break
  sleep 0.2
done
if [ -z "${left// /}" ]; then
  pass "no process left behind ($pids_before were running in the session)"
else
  fail "processes left behind: $left"
  for p in $left; do ps -o pid=,args= -p "$p" || true; done
fi
busy=""
for p in "$DB_PORT" "$WEB_PORT" "$TCP_PORT" "$HTTP_PORT"; do
  if (: <"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then busy+=" $p"; fi
done
if [ -z "$busy" ]; then pass "ports $DB_PORT $WEB_PORT $TCP_PORT $HTTP_PORT are free"; else fail "ports still open:$busy"; fi
RUN_PID=

echo "smoke-run: $failures failure(s) in $((SECONDS - T0)) s"
[ "$failures" -eq 0 ]
