#!/usr/bin/env bash
# Installs what `make run` and `make test` need and the machine lacks, from Debian's packages
# (as root, or through sudo). Safe to run again: it installs only what is missing.
#
#   scripts/ensure-deps.sh run    MariaDB, PHP with the MySQL driver
#   scripts/ensure-deps.sh test   the above plus PHPUnit, Chromium, Node.js/npm
set -euo pipefail

want=${1:-test}
pkgs=()
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ]; }

have mariadbd || have mysqld || pkgs+=(mariadb-server)
have mariadb || have mysql || pkgs+=(mariadb-client)
have php || pkgs+=(php-cli)
if have php; then
  php -m 2>/dev/null | grep -qi '^pdo_mysql$' || pkgs+=(php-mysql)
  php -m 2>/dev/null | grep -qi '^mbstring$' || pkgs+=(php-mbstring)
  php -m 2>/dev/null | grep -qi '^curl$' || pkgs+=(php-curl)
  php -m 2>/dev/null | grep -qi '^dom$' || pkgs+=(php-xml)
else
  pkgs+=(php-mysql php-mbstring php-curl php-xml)
fi
have curl || pkgs+=(curl)
if [ "$want" = test ]; then
  have phpunit || pkgs+=(phpunit)
  have chromium || pkgs+=(chromium)
  have node || pkgs+=(nodejs)
  have npm || pkgs+=(npm)
fi

# dreport over TLS in the tests (dreport/tests/integration/ApacheTlsTest.php): a private Apache
# with mod_ssl and mod_php. apache2-bin (binary and modules), not apache2: that package would
# start the system's apache2 service, which the tests never use. Checked by file, no pipes.
if [ "$want" = test ]; then
  { [ -x /usr/sbin/apache2 ] && [ -f /usr/lib/apache2/modules/mod_ssl.so ]; } || pkgs+=(apache2-bin)
  [ -f /usr/lib/apache2/modules/libphp8.2.so ] || pkgs+=(libapache2-mod-php8.2)
  [ -x /usr/bin/openssl ] || pkgs+=(openssl)
  [ -x /usr/bin/setsid ] || pkgs+=(util-linux)
fi

if [ ${#pkgs[@]} -gt 0 ]; then
  echo "ensure-deps: installing ${pkgs[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "ensure-deps: need root or sudo to install ${pkgs[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >&2
fi

if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
  echo "ensure-deps: cargo is in \$HOME/.cargo/bin: add it to PATH" >&2
fi
command -v cargo >/dev/null 2>&1 || [ -x "$HOME/.cargo/bin/cargo" ] || {
  echo "ensure-deps: Rust (cargo) is required: install it with rustup (https://rustup.rs)" >&2; exit 1; }
