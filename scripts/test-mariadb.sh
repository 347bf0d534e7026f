#!/usr/bin/env bash
# A private, throw-away MariaDB server for tests and `make run`.
#
#   scripts/test-mariadb.sh start DIR PORT   start (or reuse) an instance with its data in DIR
#   scripts/test-mariadb.sh stop DIR         shut it down and delete DIR
#   scripts/test-mariadb.sh kill DIR         SIGKILL it (outage tests), keep DIR
#   scripts/test-mariadb.sh env DIR          print DB_* variables for it
#
# It never touches the machine's own MariaDB: own data directory, own socket, own port,
# bound to 127.0.0.1. A user `crs` / password `crs` with every privilege is created so
# tests connect over TCP like the server does in production.
set -euo pipefail

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop|kill|env DIR [PORT]" >&2; exit 2; }

find_bin() {
  for b in "$@"; do
    if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return 0; fi
    for p in /usr/sbin /usr/bin /usr/local/sbin /usr/local/bin; do
      [ -x "$p/$b" ] && { echo "$p/$b"; return 0; }
    done
  done
  return 1
}

ensure_installed() {
  if ! find_bin mariadbd mysqld >/dev/null; then
    echo "test-mariadb: installing mariadb-server (apt-get)" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq mariadb-server mariadb-client >&2
    # The package starts the system instance; we leave it alone either way.
  fi
}

client() {
  local c
  c=$(find_bin mariadb mysql)
  # The instance's admin account is the OS user that ran mariadb-install-db (root as root).
  local admin=root
  [ "$(id -u)" -eq 0 ] || admin=$(id -un)
  "$c" --no-defaults --socket="$dir/mysqld.sock" -u"$admin" "$@"
}

running() {
  [ -f "$dir/mysqld.pid" ] && kill -0 "$(cat "$dir/mysqld.pid")" 2>/dev/null
}

case "$cmd" in
  start)
    port=${3:?PORT required}
    ensure_installed
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if running; then
      echo "test-mariadb: already running in $dir" >&2
      exit 0
    fi
    if [ ! -d "$dir/data/mysql" ]; then
      install_db=$(find_bin mariadb-install-db mysql_install_db)
      "$install_db" --no-defaults --datadir="$dir/data" --user="$(id -un)" \
        --auth-root-authentication-method=socket --skip-test-db >"$dir/install.log" 2>&1 \
        || { cat "$dir/install.log" >&2; exit 1; }
    fi
    echo "$port" >"$dir/port"
    server=$(find_bin mariadbd mysqld)
    "$server" --no-defaults --datadir="$dir/data" --socket="$dir/mysqld.sock" \
      --pid-file="$dir/mysqld.pid" --port="$port" --bind-address=127.0.0.1 \
      --user="$(id -un)" --skip-name-resolve --innodb-buffer-pool-size=64M \
      --innodb-log-file-size=16M --character-set-server=utf8mb4 \
      --collation-server=utf8mb4_unicode_ci --max-connections=500 \
      --log-error="$dir/error.log" >/dev/null 2>&1 &
    for _ in $(seq 1 300); do
      if client -e 'select 1' >/dev/null 2>&1; then break; fi
      sleep 0.1
    done
    client -e 'select 1' >/dev/null 2>&1 || { echo "test-mariadb: did not start" >&2; tail -20 "$dir/error.log" >&2; exit 1; }
    client -e "CREATE USER IF NOT EXISTS 'crs'@'%' IDENTIFIED BY 'crs'; GRANT ALL ON *.* TO 'crs'@'%' WITH GRANT OPTION; FLUSH PRIVILEGES;"
    echo "test-mariadb: running on 127.0.0.1:$port, data in $dir" >&2
    ;;
  stop)
    if running; then
      pid=$(cat "$dir/mysqld.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  kill)
    if running; then
      pid=$(cat "$dir/mysqld.pid")
      kill -9 "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    ;;
  env)
    echo "DB_HOST=127.0.0.1"
    echo "DB_PORT=$(cat "$dir/port")"
    echo "DB_USER=crs"
    echo "DB_PASSWORD=crs"
    ;;
  *)
    echo "usage: $0 start|stop|kill|env DIR [PORT]" >&2; exit 2 ;;
esac
