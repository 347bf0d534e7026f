#!/usr/bin/env bash
# `make install`: installs CloudReportServer as a systemd service on this host (as root).
#   binaries   $PREFIX/bin/cloud-report-server, $PREFIX/bin/bos-client     (PREFIX=/usr/local)
#   config     /etc/cloud-report-server/eboCloudReportServer.ini            (kept if present)
#              /etc/cloud-report-server/cloud-report-server.env (secrets)   (kept if present)
#   folders    /var/log/cloud-report-server, /var/lib/cloud-report-server/{spool,updates}
#   unit       /etc/systemd/system/cloud-report-server.service
#   user       crs (system user and group; www-data joins the group to manage update files)
# Safe to run again (upgrade): replaces binaries and unit, never overwrites the config, and
# restarts the service if it is running. It does not enable or start a new installation.
#   CRS_INSTALL_NO_BUILD=1  use the binaries already in target/release (or CRS_INSTALL_BIN_DIR)
#   DESTDIR=/tmp/stage      stage the files there (no user, no chown, no systemctl): for tests
set -euo pipefail

cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

PREFIX=${PREFIX:-/usr/local}
DESTDIR=${DESTDIR:-}
SVC_USER=${CRS_USER:-crs}
CONF_DIR=/etc/cloud-report-server
LOG_DIR=/var/log/cloud-report-server
STATE_DIR=/var/lib/cloud-report-server
UNIT_DIR=/etc/systemd/system
BIN=${CRS_INSTALL_BIN_DIR:-${CARGO_TARGET_DIR:-target}/release}

say() { printf 'install: %s\n' "$*"; }
die() { printf 'install: ERROR: %s\n' "$*" >&2; exit 1; }

if [ -z "$DESTDIR" ] && [ "$(id -u)" -ne 0 ]; then
  die "run as root (sudo make install)"
fi

if [ "${CRS_INSTALL_NO_BUILD:-0}" != 1 ]; then
  command -v cargo >/dev/null 2>&1 || die "cargo not found: install Rust (https://rustup.rs) or set CRS_INSTALL_NO_BUILD=1"
  say "building release binaries"
  cargo build --quiet --release --bins
fi
for b in cloud-report-server bos-client; do
  [ -x "$BIN/$b" ] || die "$BIN/$b is missing: run cargo build --release --bins"
done

# owner USER:GROUP for install(1), nothing when staging.
own() { if [ -z "$DESTDIR" ]; then printf -- '-o %s -g %s' "$1" "$2"; fi; }

if [ -z "$DESTDIR" ]; then
  if ! getent group "$SVC_USER" >/dev/null; then
    groupadd --system "$SVC_USER"
    say "created group $SVC_USER"
  fi
  if ! getent passwd "$SVC_USER" >/dev/null; then
    useradd --system --gid "$SVC_USER" --home-dir "$STATE_DIR" --no-create-home \
      --shell /usr/sbin/nologin --comment "CloudReportServer" "$SVC_USER"
    say "created user $SVC_USER"
  fi
  # dreport (PHP) uploads update files into the server's update folder.
  if getent passwd www-data >/dev/null && ! id -nG www-data | tr ' ' '\n' | grep -qx "$SVC_USER"; then
    usermod -a -G "$SVC_USER" www-data
    say "added www-data to group $SVC_USER (update files)"
  fi
fi

# shellcheck disable=SC2046 # own() yields separate words on purpose
{
  install -d -m 0755 "$DESTDIR$PREFIX/bin" "$DESTDIR$UNIT_DIR"
  install -d -m 0750 $(own root "$SVC_USER") "$DESTDIR$CONF_DIR"
  install -d -m 0750 $(own "$SVC_USER" "$SVC_USER") "$DESTDIR$LOG_DIR" "$DESTDIR$STATE_DIR/spool"
  install -d -m 0755 $(own "$SVC_USER" "$SVC_USER") "$DESTDIR$STATE_DIR"
  install -d -m 2775 $(own "$SVC_USER" "$SVC_USER") "$DESTDIR$STATE_DIR/updates"
}

for b in cloud-report-server bos-client; do
  install -m 0755 "$BIN/$b" "$DESTDIR$PREFIX/bin/$b"
done
say "installed $PREFIX/bin/cloud-report-server and bos-client"

ini=$DESTDIR$CONF_DIR/eboCloudReportServer.ini
if [ -e "$ini" ]; then
  say "kept the existing $CONF_DIR/eboCloudReportServer.ini"
else
  # The shipped ini with this host's folders.
  sed -e "s|^LogFolder=.*|LogFolder=$LOG_DIR|" \
    -e "s|^SpoolFolder=.*|SpoolFolder=$STATE_DIR/spool|" \
    -e "s|^UpdateFolder=.*|UpdateFolder=$STATE_DIR/updates|" \
    etc/eboCloudReportServer.ini >"$ini.tmp"
  chmod 0640 "$ini.tmp"
  [ -n "$DESTDIR" ] || chown "root:$SVC_USER" "$ini.tmp"
  mv "$ini.tmp" "$ini"
  say "installed $CONF_DIR/eboCloudReportServer.ini (edit [DATABASE], [SRV_1_AUTHSERVER], [SRV_1_HTTPLOGINS])"
fi

envf=$DESTDIR$CONF_DIR/cloud-report-server.env
if [ -e "$envf" ]; then
  say "kept the existing $CONF_DIR/cloud-report-server.env"
else
  cat >"$envf.tmp" <<'ENV'
# Environment of the cloud-report-server service: secrets that stay out of the ini.
# Variables here override the ini (see its header).
#DB_PASSWORD=
#CRS_HTTP_LOGIN=monitor:a-long-password
#AUTH_SERVER_URL=http://127.0.0.1/dreport/api.php
ENV
  chmod 0640 "$envf.tmp"
  [ -n "$DESTDIR" ] || chown "root:$SVC_USER" "$envf.tmp"
  mv "$envf.tmp" "$envf"
  say "installed $CONF_DIR/cloud-report-server.env (put DB_PASSWORD there)"
fi

sed -e "s|/usr/local/bin/cloud-report-server|$PREFIX/bin/cloud-report-server|" \
  -e "s|^User=crs|User=$SVC_USER|" -e "s|^Group=crs|Group=$SVC_USER|" \
  etc/cloud-report-server.service >"$DESTDIR$UNIT_DIR/cloud-report-server.service.tmp"
chmod 0644 "$DESTDIR$UNIT_DIR/cloud-report-server.service.tmp"
mv "$DESTDIR$UNIT_DIR/cloud-report-server.service.tmp" "$DESTDIR$UNIT_DIR/cloud-report-server.service"
say "installed $UNIT_DIR/cloud-report-server.service"

if [ -z "$DESTDIR" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  systemctl daemon-reload
  if systemctl is-active --quiet cloud-report-server; then
    systemctl restart cloud-report-server
    say "restarted the running service"
  else
    say "next: check the config and start it:"
    say "  sudo -u $SVC_USER $PREFIX/bin/cloud-report-server --config $CONF_DIR/eboCloudReportServer.ini check-config"
    say "  systemctl enable --now cloud-report-server"
  fi
elif [ -z "$DESTDIR" ]; then
  say "systemd is not running here: start it with systemctl on the target host"
fi
