#!/usr/bin/env bash
# A private shop database (Firebird, the Detelina objects the reports use) for tests, demos
# and `make run`. See docs/shop-database.md.
#
#   scripts/shop-db.sh create DIR [SEED] [FLAVOUR] [UNTIL]
#        build DIR/shop.fdb: schema from etc/shopdb/schema.sql + indexes.sql, data from
#        `bos-client shopdb fill` (FLAVOUR central|branch, UNTIL 'YYYY-MM-DD HH:MM:SS',
#        default now). Prints the database path on stdout. Reuses a cached copy built today
#        from the same seed, flavour, schema and generator (DIR/../.shopdb-cache or
#        $SHOPDB_CACHE) unless UNTIL is given.
#   scripts/shop-db.sh ensure DIR [SEED] [FLAVOUR]
#        `make run`: keep DIR/shop.fdb if it was built today from the same seed, flavour,
#        schema and generator (edits made through the item pages survive a restart), else
#        create it. Prints the database path.
#   scripts/shop-db.sh home DIR      make only the private Firebird home DIR/fbhome
#   scripts/shop-db.sh env DIR       print shell exports (FIREBIRD, FIREBIRD_LOCK,
#                                    FIREBIRD_TMP, SHOP_DB, SHOP_FB_HOME) for DIR
#   scripts/shop-db.sh isql DIR [ISQL ARGS...]
#                                    isql-fb on DIR/shop.fdb (UTF8), SQL from stdin
#   scripts/shop-db.sh path DIR      print DIR/shop.fdb (exit 1 if it does not exist)
#   scripts/shop-db.sh drop DIR      delete DIR (the database and its Firebird home)
#
# There is no server to start or stop: every process opens the file with the embedded
# engine of libfbclient2 (firebird3.0-server-core). The private home DIR/fbhome has its own
# firebird.conf (ServerMode = SuperClassic, so bos-client and an isql-fb of a test can use
# the file at the same time), its own lock directory and temp directory: the machine's
# Firebird configuration, /tmp/firebird and any system-wide server are never touched.
# Exit codes: 0 ok, 1 failure, 2 usage, 3 Firebird missing and not installable.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { sed -n '2,26p' "$0" >&2; exit 2; }

fb_libdir() {
  local d
  for d in /usr/lib/x86_64-linux-gnu/firebird/3.0 /usr/lib/*/firebird/3.0 /usr/lib/firebird/3.0; do
    [ -f "$d/plugins/libEngine12.so" ] && { echo "$d"; return 0; }
  done
  return 1
}

isql_bin() {
  command -v isql-fb 2>/dev/null || { [ -x /usr/bin/isql-fb ] && echo /usr/bin/isql-fb; }
}

have_fbclient() {
  local f
  for f in /usr/lib/*/libfbclient.so.2 /usr/lib/libfbclient.so.2 /usr/local/lib/libfbclient.so.2; do
    [ -e "$f" ] && return 0
  done
  return 1
}

# Checks files only (no `cmd | grep -q` under pipefail: SIGPIPE would make it flaky).
ensure_firebird() {
  if fb_libdir >/dev/null && [ -n "$(isql_bin)" ] && have_fbclient; then
    return 0
  fi
  # The one installer (root, or sudo without a password prompt; says what to run otherwise).
  "$repo/scripts/ensure-deps.sh" firebird >&2 || { echo "shop-db: cannot install Firebird" >&2; exit 3; }
}

mkdir_abs() { mkdir -p "$1" && (cd "$1" && pwd); }

# The private Firebird home: DIR/fbhome/{root,lock,tmp}.
make_home() {
  local home=$1 lib
  lib=$(fb_libdir) || { echo "shop-db: Firebird engine not found" >&2; exit 3; }
  mkdir -p "$home/root/intl" "$home/lock" "$home/tmp"
  chmod 700 "$home/lock" "$home/tmp" 2>/dev/null || true
  [ -e "$home/root/plugins" ] || ln -s "$lib/plugins" "$home/root/plugins"
  [ -e "$home/root/firebird.msg" ] || ln -s "$lib/firebird.msg" "$home/root/firebird.msg"
  # The charset module is copied, not linked: the engine refuses to load it through a
  # symlink that leaves its root (WIN1251 would then be "not installed").
  [ -f "$home/root/intl/libfbintl.so" ] || cp "$lib/intl/libfbintl.so" "$home/root/intl/"
  [ -f "$home/root/intl/fbintl.conf" ] || cp "$lib/intl/fbintl.conf" "$home/root/intl/"
  cat >"$home/root/firebird.conf" <<CONF
# Private embedded engine of one shop database (scripts/shop-db.sh). SuperClassic lets
# several processes open the file at once, coordinated by the lock files in ../lock.
ServerMode = SuperClassic
ExternalFileAccess = None
UdfAccess = None
DefaultDbCachePages = 8192
CONF
}

export_env() {
  local home=$1
  export FIREBIRD="$home/root" FIREBIRD_LOCK="$home/lock" FIREBIRD_TMP="$home/tmp"
}

bos_client() {
  local b=${BOS_CLIENT:-}
  if [ -z "$b" ]; then
    for c in "$repo/target/debug/bos-client" "$repo/target/release/bos-client" "$(command -v bos-client 2>/dev/null || true)"; do
      [ -n "$c" ] && [ -x "$c" ] && { b=$c; break; }
    done
  fi
  if [ -z "$b" ]; then
    (cd "$repo" && cargo build -q --bin bos-client >&2)
    b="$repo/target/debug/bos-client"
  fi
  echo "$b"
}

case "$cmd" in
  home)
    ensure_firebird
    dir=$(mkdir_abs "$dir")
    make_home "$dir/fbhome"
    echo "$dir/fbhome"
    ;;
  ensure)
    seed=${3:-1}
    flavour=${4:-central}
    ensure_firebird
    dir=$(mkdir_abs "$dir")
    bc=$(bos_client)
    stamp="$(cat "$repo/etc/shopdb/schema.sql" "$repo/etc/shopdb/indexes.sql" "$bc" | sha256sum | cut -c1-16) $seed $flavour $(date +%Y-%m-%d)"
    if [ -f "$dir/shop.fdb" ] && [ "$(cat "$dir/built" 2>/dev/null || true)" = "$stamp" ]; then
      make_home "$dir/fbhome"
      echo "shop-db: reusing $dir/shop.fdb (built today)" >&2
      echo "$dir/shop.fdb"
      exit 0
    fi
    BOS_CLIENT=$bc "$0" create "$dir" "$seed" "$flavour"
    echo "$stamp" >"$dir/built"
    ;;
  create)
    seed=${3:-1}
    flavour=${4:-central}
    until=${5:-}
    case "$flavour" in central|branch) ;; *) echo "shop-db: FLAVOUR must be central or branch" >&2; exit 2;; esac
    [[ "$seed" =~ ^[0-9]+$ ]] || { echo "shop-db: SEED must be a number" >&2; exit 2; }
    ensure_firebird
    dir=$(mkdir_abs "$dir")
    home="$dir/fbhome"
    make_home "$home"
    export_env "$home"
    db="$dir/shop.fdb"
    bc=$(bos_client)
    key=$(cat "$repo/etc/shopdb/schema.sql" "$repo/etc/shopdb/indexes.sql" "$bc" | sha256sum | cut -c1-16)
    cache=${SHOPDB_CACHE:-$(dirname "$dir")/.shopdb-cache}
    cached="$cache/shop-$key-$seed-$flavour-$(date +%Y%m%d).fdb"
    rm -f "$db"
    if [ -z "$until" ] && [ -f "$cached" ]; then
      cp "$cached" "$db"
      echo "shop-db: reused $cached" >&2
      echo "$db"
      exit 0
    fi
    isql=$(isql_bin)
    { echo "CREATE DATABASE '$db' PAGE_SIZE 8192 DEFAULT CHARACTER SET WIN1251;"
      cat "$repo/etc/shopdb/schema.sql"; } | "$isql" -q -b -ch UTF8 -u SYSDBA >&2
    # A throw-away copy: no fsync per page write (the fill is 10x faster).
    "$(dirname "$isql")/gfix" -write async -user SYSDBA "$db" >&2
    args=(shopdb fill --db "$db" --fb-home "$home" --seed "$seed" --flavour "$flavour")
    [ -n "$until" ] && args+=(--until "$until")
    "$bc" "${args[@]}" >&2
    "$isql" -q -b -ch UTF8 -u SYSDBA "$db" <"$repo/etc/shopdb/indexes.sql" >&2
    if [ -z "$until" ]; then
      mkdir -p "$cache"
      # Only today's copies are useful; the cache never grows beyond a handful of files.
      find "$cache" -name 'shop-*.fdb' -mtime +0 -delete 2>/dev/null || true
      cp "$db" "$cached.tmp.$$" && mv "$cached.tmp.$$" "$cached"
    fi
    echo "$db"
    ;;
  env)
    dir=$(cd "$dir" && pwd)
    home="$dir/fbhome"
    printf 'export FIREBIRD=%q FIREBIRD_LOCK=%q FIREBIRD_TMP=%q SHOP_DB=%q SHOP_FB_HOME=%q\n' \
      "$home/root" "$home/lock" "$home/tmp" "$dir/shop.fdb" "$home"
    ;;
  isql)
    dir=$(cd "$dir" && pwd)
    [ -f "$dir/shop.fdb" ] || { echo "shop-db: no database in $dir" >&2; exit 1; }
    export_env "$dir/fbhome"
    shift 2
    exec "$(isql_bin)" -q -ch UTF8 -u SYSDBA "$@" "$dir/shop.fdb"
    ;;
  path)
    dir=$(cd "$dir" && pwd)
    [ -f "$dir/shop.fdb" ] || exit 1
    echo "$dir/shop.fdb"
    ;;
  drop)
    [ -d "$dir" ] && rm -rf -- "$dir"
    ;;
  *)
    sed -n '2,26p' "$0" >&2; exit 2;;
esac
