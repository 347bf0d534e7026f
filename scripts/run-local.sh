#!/usr/bin/env bash
# `make run`: the whole CloudReportServer system on this machine, without Docker.
#
#   1. installs what is missing (MariaDB, PHP with the MySQL driver) via scripts/ensure-deps.sh,
#      saying what and why
#   2. builds the binaries (cargo build --bins: the dev profile `make test` builds too, with
#      optimised dependencies, so the two commands share one compile; cargo shows each crate)
#   3. starts a private MariaDB under $CRS_RUN_DIR/mariadb (port 3307; data kept between runs),
#      creates `dreports` from schema.sql (or applies migrations/ to an existing one) and loads
#      the synthetic demo seed (etc/demo-seed.sql)
#   4. starts dreport with `php -S` (port 8015, served under /dreport/), the report server
#      (client port 8016, HTTP API 8080) and two demo shops: bos-client on Firebird shop
#      databases kept in $CRS_RUN_DIR/shop-<id> (scripts/shop-db.sh ensure: rebuilt once a day)
#   5. waits until everything answers, prints the URLs and the demo logins, and keeps running
#      until Ctrl-C / SIGTERM / SIGHUP, which stop every process it started and the private
#      MariaDB, whatever order they die in.
#
# The readiness timeout counts from when the services start (after install and build, which
# take as long as they take and show their progress). When a service does not come up, or
# dies, the log lines that explain it are printed.
#
# A second invocation with the same run dir while one is running says so and exits 1.
# Everything is overridable, so a smoke test can run beside a live `make run`:
#   CRS_RUN_DIR (./run)        CRS_RUN_DB_PORT (3307)     CRS_RUN_WEB_PORT (8015)
#   CRS_RUN_TCP_PORT (8016)    CRS_RUN_HTTP_PORT (8080)   CRS_RUN_BIND (127.0.0.1)
#   CRS_RUN_PROFILE (debug|release; debug)   CRS_RUN_SKIP_DEPS=1   CRS_RUN_SKIP_BUILD=1
#   CRS_RUN_TIMEOUT (seconds the services get to come up, 120)    CRS_RUN_LOG_LEVEL (info)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
export PATH="$HOME/.cargo/bin:$PATH"

RUN_DIR=${CRS_RUN_DIR:-$ROOT/run}
DB_PORT=${CRS_RUN_DB_PORT:-3307}
WEB_PORT=${CRS_RUN_WEB_PORT:-8015}
TCP_PORT=${CRS_RUN_TCP_PORT:-8016}
HTTP_PORT=${CRS_RUN_HTTP_PORT:-8080}
BIND=${CRS_RUN_BIND:-127.0.0.1}
PROFILE=${CRS_RUN_PROFILE:-debug}
TIMEOUT=${CRS_RUN_TIMEOUT:-120}
LOG_LEVEL=${CRS_RUN_LOG_LEVEL:-info}
DB_NAME=dreports
DB_USER=crs
DB_PASSWORD=crs
HTTP_USER=user
# shellcheck disable=SC2016 # a literal dollar sign
HTTP_PASS='pass$123'
START=$SECONDS

# A closed terminal (SIGHUP) or reader must not make a message fail the script.
say() { printf 'make run: %s\n' "$*" >&2 2>/dev/null || true; }
die() { say "ERROR: $*"; exit 1; }

case "$PROFILE" in release | debug) ;; *) die "CRS_RUN_PROFILE must be release or debug" ;; esac
for p in "$DB_PORT" "$WEB_PORT" "$TCP_PORT" "$HTTP_PORT"; do
  if ! [[ "$p" =~ ^[0-9]+$ ]] || [ "$p" -lt 1 ] || [ "$p" -gt 65535 ]; then die "bad port: $p"; fi
done

mkdir -p "$RUN_DIR"
RUN_DIR=$(cd "$RUN_DIR" && pwd)
DB_DIR=$RUN_DIR/mariadb
LOG_DIR=$RUN_DIR/logs
PID_DIR=$RUN_DIR/pids
INI=$RUN_DIR/eboCloudReportServer.ini

# --- one instance per run dir -------------------------------------------------------------
# The lock is held by this shell only (children get fd 9 closed), so it vanishes with us
# even after a SIGKILL; the pid file is just for the message.
exec 9>"$RUN_DIR/.lock"
if ! flock -n 9; then
  other=$(cat "$RUN_DIR/run-local.pid" 2>/dev/null || echo '?')
  die "already running in $RUN_DIR (pid $other): stop it with Ctrl-C or 'kill $other', or start a second stack with CRS_RUN_DIR and CRS_RUN_*_PORT"
fi
echo $$ >"$RUN_DIR/run-local.pid"
mkdir -p "$LOG_DIR" "$PID_DIR" "$RUN_DIR/spool" "$RUN_DIR/updates"

# Dead, or a zombie nobody has reaped yet (orphans of a killed run wait for init).
gone() {
  ! kill -0 "$1" 2>/dev/null || [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)" = Z ]
}
# The MariaDB pid, if its pid file names a live mariadbd of this run dir.
db_pid() {
  local pid
  pid=$(cat "$DB_DIR/mysqld.pid" 2>/dev/null || true)
  [[ "$pid" =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] &&
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$DB_DIR/data" && echo "$pid"
}

# Pid files left by a run that was killed with SIGKILL: end those processes (only if the pid
# still belongs to one of ours) and the MariaDB it left running.
stale=()
for f in "$PID_DIR"/*.pid; do
  [ -e "$f" ] || continue
  pid=$(cat "$f" 2>/dev/null || true)
  case $(basename "$f" .pid) in
    web) mark=run-router.php ;;
    server) mark=$INI ;;
    *) mark=bos-client ;;
  esac
  if [[ "$pid" =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] &&
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$mark"; then
    say "ending $(basename "$f" .pid) (pid $pid) left over from an earlier run"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    stale+=("$pid")
  fi
  rm -f "$f"
done
if dbpid=$(db_pid); then
  say "stopping the MariaDB left over from an earlier run"
  kill -TERM "$dbpid" 2>/dev/null || true
  stale+=("$dbpid")
fi
for pid in "${stale[@]}"; do
  for _ in $(seq 1 100); do gone "$pid" && break; sleep 0.1; done
  gone "$pid" || kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
done

port_busy() { (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for pv in "DB:$DB_PORT" "WEB:$WEB_PORT" "TCP:$TCP_PORT" "HTTP:$HTTP_PORT"; do
  if port_busy "${pv#*:}"; then
    die "port ${pv#*:} is already in use: stop what listens there or set CRS_RUN_${pv%%:*}_PORT"
  fi
done

# --- stopping everything ----------------------------------------------------------------
# The cleanup runs on every way out (normal end, error, INT, TERM, HUP). It runs with errexit
# off and ignores the signals it handles and SIGPIPE (a closed terminal or pipe must not abort
# it), every step tolerates a process that is already gone, and a second call does nothing:
# whatever order the children die in, every process group it started is ended and waited for,
# its pid file removed, and the private MariaDB stopped.
declare -A PIDS=()
ORDER=(shop2 shop1 server web)
cleaning=0
TICK=
# The pid of a child: from this shell's table, or its pid file (a signal that arrived between
# starting a child and recording it).
child_pid() {
  local pid=${PIDS[$1]:-}
  [ -n "$pid" ] || pid=$(cat "$PID_DIR/$1.pid" 2>/dev/null || true)
  [[ "$pid" =~ ^[0-9]+$ ]] && echo "$pid"
}
stop_proc() {
  local name=$1 pid
  pid=$(child_pid "$name") || { rm -f "$PID_DIR/$name.pid"; return 0; }
  # Each child leads its own process group (set -m at launch): end the group, so
  # helpers it forked (php workers) go too.
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 100); do gone "$pid" && break; sleep 0.1; done
  if ! gone "$pid"; then
    say "$name did not stop in 10 s: SIGKILL"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
  fi
  # Stragglers of the group (a worker that outlived its parent).
  kill -KILL -- "-$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  unset "PIDS[$name]"
  rm -f "$PID_DIR/$name.pid"
  return 0
}
stop_db() {
  local pid
  pid=$(db_pid) || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 300); do gone "$pid" && break; sleep 0.1; done
  gone "$pid" || kill -KILL "$pid" 2>/dev/null
  return 0
}
cleanup() {
  local rc=$?
  set +e
  trap '' INT TERM HUP PIPE
  [ "$cleaning" = 1 ] && return 0
  cleaning=1
  say "stopping..."
  [ -n "$TICK" ] && kill "$TICK" 2>/dev/null
  for name in "${ORDER[@]}"; do stop_proc "$name"; done
  stop_db
  rm -f "$RUN_DIR/run-local.pid"
  say "stopped (data kept in $DB_DIR; logs in $LOG_DIR)"
  exit "$rc"
}
trap cleanup EXIT
READY=0
# Stopping on request after start-up is a normal end (exit 0); during start-up it is not.
on_signal() {
  trap '' PIPE
  say "got SIG$1"
  if [ "$READY" = 1 ]; then exit 0; else exit "$2"; fi
}
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM
trap 'on_signal HUP 129' HUP

# launch NAME LOGFILE CMD...: a background child in its own process group, fd 9 closed.
launch() {
  local name=$1 log=$2
  shift 2
  set -m
  "$@" </dev/null >>"$log" 2>&1 9>&- &
  PIDS[$name]=$!
  set +m
  echo "${PIDS[$name]}" >"$PID_DIR/$name.pid"
}
alive() { ! gone "${PIDS[$1]}"; }

# show_log FILE...: the last lines of each file, saying so when one is empty or missing (an
# empty excerpt explains nothing).
show_log() {
  local f
  for f in "$@"; do
    if [ -s "$f" ]; then
      say "--- last lines of $f:"
      tail -n 25 "$f" >&2
    elif [ -e "$f" ]; then
      say "--- $f is empty"
    else
      say "--- $f does not exist"
    fi
  done
}
# The logs that explain each service.
logs_of() {
  case $1 in
    web) echo "$LOG_DIR/web.log $LOG_DIR/php-errors.log" ;;
    server) echo "$LOG_DIR/server.out $LOG_DIR/cloud-report-server_rCURRENT.log" ;;
    shop*) echo "$LOG_DIR/$1.log $LOG_DIR/server.out $LOG_DIR/cloud-report-server_rCURRENT.log" ;;
  esac
}
# An exited child: its exit status and its logs.
report_exit() {
  local name=$1 rc=0
  wait "${PIDS[$name]}" 2>/dev/null || rc=$?
  say "$name exited (status $rc)"
  # shellcheck disable=SC2046 # a list of file names without spaces
  show_log $(logs_of "$name")
}

# The readiness clock starts when the services do (set below, after install and build).
SVC_START=
# wait_for WHAT NAME CHECK...: poll CHECK until it succeeds; fail at once when the service NAME
# has exited, or when the services have been starting for longer than the timeout.
wait_for() {
  local what=$1 name=$2
  shift 2
  while ! "$@" >/dev/null 2>&1; do
    if ! alive "$name"; then
      say "$name exited while waiting for $what"
      report_exit "$name"
      exit 1
    fi
    if [ $((SECONDS - SVC_START)) -ge "$TIMEOUT" ]; then
      say "timed out: the services have been starting for $TIMEOUT s and $what is still missing"
      say "(raise CRS_RUN_TIMEOUT on a slow machine)"
      # shellcheck disable=SC2046 # a list of file names without spaces
      show_log $(logs_of "$name")
      exit 1
    fi
    sleep 0.3
  done
}

# --- dependencies and build ----------------------------------------------------------------
if [ "${CRS_RUN_SKIP_DEPS:-0}" != 1 ]; then
  say "checking the system packages (scripts/ensure-deps.sh run)"
  scripts/ensure-deps.sh run 9>&-
fi
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/$PROFILE
if [ "${CRS_RUN_SKIP_BUILD:-0}" != 1 ]; then
  build=(cargo build --bins)
  [ "$PROFILE" = release ] && build+=(--release)
  if [ -x "$BIN/cloud-report-server" ] && [ -x "$BIN/bos-client" ]; then
    say "building ($PROFILE, ${build[*]}): only what changed"
  else
    say "building ($PROFILE, ${build[*]}): the first build compiles ~200 crates, which takes" \
      "several minutes (see README); cargo prints each one as it goes"
  fi
  b0=$SECONDS
  "${build[@]}" 9>&-
  say "build done in $((SECONDS - b0)) s"
fi
if [ ! -x "$BIN/cloud-report-server" ] || [ ! -x "$BIN/bos-client" ]; then die "binaries missing in $BIN"; fi
SVC_START=$SECONDS
say "starting the services (they get $TIMEOUT s to come up)"

# --- database --------------------------------------------------------------------------------
say "starting MariaDB on 127.0.0.1:$DB_PORT (data in $DB_DIR)"
scripts/test-mariadb.sh start "$DB_DIR" "$DB_PORT" 9>&- 2>>"$LOG_DIR/mariadb-start.log" ||
  { show_log "$LOG_DIR/mariadb-start.log" "$DB_DIR/error.log"; die "MariaDB did not start"; }
mysql_bin=$(command -v mariadb || command -v mysql || echo /usr/bin/mariadb)
# The private instance's administrator authenticates by socket as the OS user that created it.
db_admin=root
[ "$(id -u)" -eq 0 ] || db_admin=$(id -un)
sql() { "$mysql_bin" --no-defaults --socket="$DB_DIR/mysqld.sock" -u"$db_admin" --default-character-set=utf8mb4 "$@"; }

sql -e "CREATE DATABASE IF NOT EXISTS \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
count_table() {
  sql -N -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema='$DB_NAME' AND table_name='$1'"
}
if [ "$(count_table t_subscriptions)" = 0 ] && [ "$(count_table t_schema_version)" = 0 ]; then
  say "creating database $DB_NAME from schema.sql"
  sql "$DB_NAME" <schema.sql
else
  # An existing database: apply the migrations it has not seen. Without t_schema_version it
  # is the legacy production schema (version 1).
  for f in migrations/[0-9]*.sql; do
    [ -e "$f" ] || continue
    base=$(basename "$f")
    ver=$((10#${base%%[!0-9]*}))
    if [ "$(count_table t_schema_version)" = 1 ]; then
      seen=$(sql -N "$DB_NAME" -e "SELECT COUNT(*) FROM t_schema_version WHERE sv_version=$ver")
    else
      seen=$((ver <= 1 ? 1 : 0))
    fi
    if [ "$seen" = 0 ]; then
      say "applying $f"
      sql "$DB_NAME" <"$f"
      sql "$DB_NAME" -e "INSERT IGNORE INTO t_schema_version (sv_version, sv_description) VALUES ($ver, '$base')"
    fi
  done
fi
sql "$DB_NAME" <etc/demo-seed.sql
# The web site reaches this run's report server (the seed says 127.0.0.1:8080).
sql "$DB_NAME" -e "UPDATE t_settings SET s_value='127.0.0.1' WHERE s_name='rpt_server_host';
  UPDATE t_settings SET s_value='$HTTP_PORT' WHERE s_name='rpt_server_port'"

# --- configuration -----------------------------------------------------------------------------
# The shipped ini with this run's folders, ports and database. Values are set per section.
# shellcheck disable=SC2016 # awk program text
{
  set -- \
    "COMMONSETTINGS|LogFolder|$LOG_DIR" "COMMONSETTINGS|LogLevel|$LOG_LEVEL" \
    "DATABASE|Host|127.0.0.1" "DATABASE|Port|$DB_PORT" "DATABASE|User|$DB_USER" \
    "DATABASE|Password|$DB_PASSWORD" "DATABASE|Name|$DB_NAME" \
    "DATABASE|SpoolFolder|$RUN_DIR/spool" "SRV_1_COMMON|UpdateFolder|$RUN_DIR/updates" \
    "SRV_1_HTTP|HTTP_IPInterface|$BIND" "SRV_1_HTTP|HTTP_Port|$HTTP_PORT" \
    "SRV_1_TCP|TCP_IPInterface|$BIND" "SRV_1_TCP|TCP_Port|$TCP_PORT" \
    "SRV_1_AUTHSERVER|REST_URL|http://127.0.0.1:$WEB_PORT/dreport/api.php" \
    "SRV_1_HTTPLOGINS|$HTTP_USER|$HTTP_PASS"
  prog='BEGIN {'
  for kv in "$@"; do
    sec=${kv%%|*}; rest=${kv#*|}; key=${rest%%|*}; v=${rest#*|}
    v=${v//\\/\\\\}; v=${v//\"/\\\"}
    prog+=" val[\"$sec\", \"$key\"] = \"$v\";"
  done
  prog+=' }
    /^\[/ { sec = $0; gsub(/^\[|\].*$/, "", sec) }
    {
      if (match($0, /^[^;=]+=/)) {
        k = substr($0, 1, RLENGTH - 1)
        if ((sec SUBSEP k) in val) { print k "=" val[sec, k]; next }
      }
      print
    }'
  awk "$prog" "$ROOT/etc/eboCloudReportServer.ini" >"$INI.tmp"
  mv "$INI.tmp" "$INI"
}
chmod 600 "$INI"

# Environment for every child: this run's database, nothing inherited that would redirect it.
unset AUTH_SERVER_URL CRS_TCP_PORT CRS_HTTP_PORT CRS_LOG_FOLDER CRS_UPDATE_FOLDER \
  CRS_SPOOL_FOLDER CRS_LOG_LEVEL CRS_HTTP_LOGIN
export DB_HOST=127.0.0.1 DB_PORT DB_USER DB_PASSWORD DB_NAME
export DREPORT_UPDATE_FOLDER=$RUN_DIR/updates DREPORT_TRUSTED_PROXIES=''
export REPORT_SERVER_URL=http://127.0.0.1:$HTTP_PORT
# The key that encrypts the shop-operator passwords of item changes (dreport items.php):
# kept in the run folder so stored logins survive restarts; an exported one wins.
if [ -z "${DREPORT_SECRET_KEY:-}" ]; then
  [ -s "$RUN_DIR/secret.key" ] || (umask 077; head -c 48 /dev/urandom | base64 -w0 >"$RUN_DIR/secret.key")
  DREPORT_SECRET_KEY=$(cat "$RUN_DIR/secret.key")
fi
export DREPORT_SECRET_KEY

# --- processes ---------------------------------------------------------------------------------
say "starting dreport on http://127.0.0.1:$WEB_PORT/dreport/ (plain HTTP on 127.0.0.1 for local use; the Docker image serves HTTPS on 8015)"
launch web "$LOG_DIR/web.log" env PHP_CLI_SERVER_WORKERS=4 php \
  -d display_errors=0 -d log_errors=1 -d "error_log=$LOG_DIR/php-errors.log" \
  -d upload_max_filesize=64M -d post_max_size=65M -d memory_limit=256M \
  -q -S "127.0.0.1:$WEB_PORT" -t "$ROOT" "$ROOT/scripts/run-router.php"
http_up() {
  local code
  code=$(curl -s -o /dev/null -m 3 -w '%{http_code}' "$1" || true)
  [[ "$code" == [1-4]?? ]]
}
wait_for "dreport on port $WEB_PORT" web http_up "http://127.0.0.1:$WEB_PORT/dreport/api.php"

say "starting the report server (clients: $BIND:$TCP_PORT, HTTP API: $BIND:$HTTP_PORT)"
launch server "$LOG_DIR/server.out" "$BIN/cloud-report-server" --config "$INI" serve
server_ok() { alive server && curl -sf -o /dev/null -m 3 "http://127.0.0.1:$HTTP_PORT/"; }
wait_for "the report server's HTTP API on port $HTTP_PORT" server server_ok

PREP_T0=$SECONDS
say "preparing the demo shops' Firebird databases (scripts/shop-db.sh)"
SHOP1=$(BOS_CLIENT="$BIN/bos-client" scripts/shop-db.sh ensure "$RUN_DIR/shop-3769d93a" 1 central) || die "shop database 3769d93a"
SHOP2=$(BOS_CLIENT="$BIN/bos-client" scripts/shop-db.sh ensure "$RUN_DIR/shop-1a2b3c4d" 2 branch) || die "shop database 1a2b3c4d"
# Building the shop databases is preparation, like the build: the shops' readiness clock starts
# when they do (a first build of the day takes ~20 s per shop, longer on a busy machine).
# (The "services up in" figure leaves that preparation out, like the build.)
PREP_S=$((SECONDS - PREP_T0))
SVC_FIRST=$((SVC_START + PREP_S))
SVC_START=$SECONDS
say "starting the demo shops 3769d93a and 1a2b3c4d"
launch shop1 "$LOG_DIR/shop1.log" "$BIN/bos-client" --server "127.0.0.1:$TCP_PORT" \
  --host 'ДЕМО-МАРКЕТ' --object-id 3769d93a --password demo \
  --object-name 'Демо Маркет - център' --customer-name 'Демо Маркет ООД' --eik 200000001 \
  --db-type R --shop-db "$SHOP1" --fb-home "$RUN_DIR/shop-3769d93a/fbhome" --ping-secs 30 --poll-ms 200 --reconnect
launch shop2 "$LOG_DIR/shop2.log" "$BIN/bos-client" --server "127.0.0.1:$TCP_PORT" \
  --host CAFE-DEMO --object-id 1a2b3c4d --password demo \
  --object-name 'Cafe Demo' --customer-name 'Cafe Demo' --eik 200000002 \
  --db-type R --shop-db "$SHOP2" --fb-home "$RUN_DIR/shop-1a2b3c4d/fbhome" --ping-secs 30 --poll-ms 200 --reconnect
connected() { grep -q "^CONNECTED id=$2" "$1"; }
wait_for "demo shop 3769d93a to connect" shop1 connected "$LOG_DIR/shop1.log" 3769d93a
wait_for "demo shop 1a2b3c4d to connect" shop2 connected "$LOG_DIR/shop2.log" 1a2b3c4d

# shellcheck disable=SC2016 # PHP code
identified() {
  local n
  n=$(curl -sf -m 3 -u "$HTTP_USER:$HTTP_PASS" "http://127.0.0.1:$HTTP_PORT/status" |
    php -r '$s = json_decode(stream_get_contents(STDIN), true); echo (int) ($s["clients"]["identified"] ?? 0);')
  [ "${n:-0}" -ge 2 ]
}
wait_for "/status to show 2 clients" server identified

cat >&2 <<EOF

  CloudReportServer is running (services up in $((SECONDS - SVC_FIRST)) s). Press Ctrl-C to stop everything.

  Viewer (demo phone)   http://127.0.0.1:$WEB_PORT/dreport/index.php?id=demo-phone-1
  Admin panel           http://127.0.0.1:$WEB_PORT/dreport/admin/      login admin / admin123
  Server status         http://127.0.0.1:$HTTP_PORT/status               login $HTTP_USER / $HTTP_PASS
  Health, metrics       http://127.0.0.1:$HTTP_PORT/health   http://127.0.0.1:$HTTP_PORT/metrics
  Client port           $BIND:$TCP_PORT   (demo shops 3769d93a "ДЕМО-МАРКЕТ" and 1a2b3c4d "CAFE-DEMO", object password: demo)
  MySQL                 mariadb -h127.0.0.1 -P$DB_PORT -u$DB_USER -p$DB_PASSWORD $DB_NAME
  Logs                  $LOG_DIR

  dreport is plain HTTP on 127.0.0.1 here, for local use only. Production (docker compose)
  serves it over HTTPS on 8015 with the server's certificate: docs/deployment.md.

EOF
READY=1
say "ready in $((SECONDS - START)) s (services up in $((SECONDS - SVC_FIRST)) s)"

# --- keep running until told to stop; a child that dies ends the run ---------------------------
while true; do
  for name in web server shop1 shop2; do
    if ! alive "$name"; then
      say "$name exited unexpectedly"
      report_exit "$name"
      exit 1
    fi
  done
  sleep 2 9>&- &
  TICK=$!
  wait "$TICK" || true
  TICK=
done
