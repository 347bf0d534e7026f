#!/usr/bin/env bash
# Installs what `make run` and `make test` need and the machine lacks, from Debian's packages
# (as root, or through sudo without a password prompt). Safe to run again: it installs only
# what is missing, and says what and why before it does.
#
#   scripts/ensure-deps.sh run            what `make run` needs
#   scripts/ensure-deps.sh test           the above plus what `make test` needs
#   scripts/ensure-deps.sh firebird       only the Firebird packages (scripts/shop-db.sh)
#   scripts/ensure-deps.sh --check MODE   only report: one line per missing package, exit 1 if any
#   ... --need PKG:COMMAND                also require COMMAND from package PKG (for other scripts)
#
# Every check is deterministic: tools' output is captured whole before it is looked at (no
# `producer | grep -q` under pipefail, where grep's early exit kills the producer with SIGPIPE
# and a present package reads as missing).
#
# When it cannot install (not root and no sudo, no network, apt-get fails) it stops with the
# list of packages and the command to run as root.
set -euo pipefail

mode=test
check_only=0
extra=()
while [ $# -gt 0 ]; do
  case $1 in
    run | test | firebird) mode=$1 ;;
    --check) check_only=1 ;;
    --need)
      [ $# -ge 2 ] && [[ $2 == ?*:?* ]] || { echo "ensure-deps: --need takes PKG:COMMAND" >&2; exit 2; }
      extra+=("$2")
      shift
      ;;
    *) echo "usage: $0 [--check] [run|test|firebird] [--need PKG:COMMAND]..." >&2; exit 2 ;;
  esac
  shift
done

say() { printf 'ensure-deps: %s\n' "$*" >&2; }

# --- checks: each succeeds when the thing is there, and never depends on timing -------------
# have_cmd NAME...: one of the commands is on PATH or in a system bin folder (sbin is not on a
# normal user's PATH, but mariadbd lives there).
have_cmd() {
  local c d
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 && return 0
    for d in /usr/local/sbin /usr/local/bin /usr/sbin /usr/bin /sbin /bin; do
      [ -x "$d/$c" ] && return 0
    done
  done
  return 1
}
# php_ext NAME: the PHP CLI loads the extension. `php -m` runs once; its whole output is kept.
PHP_MODULES=
PHP_MODULES_READ=0
php_ext() {
  if [ "$PHP_MODULES_READ" = 0 ]; then
    PHP_MODULES_READ=1
    if have_cmd php; then PHP_MODULES=$(php -m 2>/dev/null || true); fi
    PHP_MODULES=${PHP_MODULES,,}
  fi
  [[ $'\n'"$PHP_MODULES"$'\n' == *$'\n'"${1,,}"$'\n'* ]]
}
# have_files PATH...: every one of the files exists (modules and binaries at fixed paths).
have_files() {
  local f
  for f in "$@"; do [ -e "$f" ] || return 1; done
}
# deb_installed PKG: dpkg says the package is installed.
deb_installed() {
  local st
  st=$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)
  [ "$st" = installed ]
}

# --- the table: need MODE PACKAGE WHY CHECK [ARGS...] ------------------------------------------
# MODE is `run` (make run and make test) or `test` (make test only). A block for a new part
# (Firebird, Apache, ...) is one `need` line per package.
missing=()
reasons=()
need() {
  local m=$1 pkg=$2 why=$3
  shift 3
  # run: run and fb lines; test: every line; firebird: the fb lines only (scripts/shop-db.sh).
  case "$mode:$m" in
    run:run | run:fb | test:* | firebird:fb) ;;
    *) return 0 ;;
  esac
  if ! "$@"; then
    local p
    for p in "${missing[@]}"; do [ "$p" = "$pkg" ] && return 0; done
    missing+=("$pkg")
    reasons+=("$pkg: $why (check: $*)")
  fi
}

need run mariadb-server "the private MariaDB of make run and the tests" have_cmd mariadbd mysqld
need run mariadb-client "loading schema.sql and the demo seed" have_cmd mariadb mysql
need run php-cli "dreport (php -S)" have_cmd php
need run php-mysql "dreport's PDO MySQL driver" php_ext pdo_mysql
need run php-mbstring "dreport's UTF-8 string functions" php_ext mbstring
need run php-curl "dreport's calls to the report server" php_ext curl
need run php-xml "dreport's DOM use" php_ext dom
need run curl "readiness checks" have_cmd curl
# Firebird for the shop databases (scripts/shop-db.sh, bos-client): the embedded engine,
# isql-fb/gfix and the client library. No server package: nothing system-wide is started.
need fb firebird3.0-server-core "the embedded Firebird engine of the demo and test shops" deb_installed firebird3.0-server-core
need fb firebird3.0-utils "isql-fb and gfix (shop databases, independent test queries)" deb_installed firebird3.0-utils
need fb libfbclient2 "the Firebird client library bos-client loads" deb_installed libfbclient2
need run util-linux "flock (one make run per run dir) and setsid (the tests' sessions)" have_files /usr/bin/flock /usr/bin/setsid
need test phpunit "the PHP tests" have_cmd phpunit
need test chromium "the browser tests (headless)" have_cmd chromium
need test nodejs "the browser test runner" have_cmd node
need test npm "fetching playwright-core for the browser tests" have_cmd npm
# dreport over TLS in the tests (dreport/tests/integration/ApacheTlsTest.php): a private Apache
# with mod_ssl and mod_php. apache2-bin (binary and modules), not apache2: that package would
# start the system's apache2 service, which the tests never use.
need test apache2-bin "a private Apache with mod_ssl for dreport's TLS tests" \
  have_files /usr/sbin/apache2 /usr/lib/apache2/modules/mod_ssl.so
need test libapache2-mod-php8.2 "PHP inside that Apache" have_files /usr/lib/apache2/modules/libphp8.2.so
need test openssl "the TLS tests' certificates" have_files /usr/bin/openssl

for e in "${extra[@]}"; do
  need run "${e%%:*}" "asked for by the caller" have_cmd "${e#*:}"
done

# --- report or install --------------------------------------------------------------------------
if [ ${#missing[@]} -gt 0 ]; then
  for r in "${reasons[@]}"; do say "missing $r"; done
fi
if [ "$check_only" = 1 ]; then
  if [ ${#missing[@]} -gt 0 ]; then exit 1; fi
  say "everything for '$mode' is installed"
  exit 0
fi

root_cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
cannot() {
  say "ERROR: cannot install ${missing[*]}: $*"
  say "run this as root, then try again:"
  say "  $root_cmd"
  exit 1
}
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || cannot "apt-get not found (this needs Debian 12 or a derivative)"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || cannot "not running as root and sudo is not installed"
    sudo -n true 2>/dev/null || cannot "not running as root and sudo asks for a password (no terminal to ask)"
    sudo=(sudo -n)
  fi
  say "installing from Debian's package archive: ${missing[*]} (apt-get; takes a minute or two)"
  "${sudo[@]}" apt-get update -q >&2 || cannot "apt-get update failed (no network or no package archive?)"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends \
    "${missing[@]}" >&2 || cannot "apt-get install failed (see its messages above)"
  say "installed ${missing[*]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    say "cargo is in \$HOME/.cargo/bin: add it to PATH"
  else
    say "ERROR: Rust (cargo) is required: install it with rustup (https://rustup.rs), then try again"
    exit 1
  fi
fi
