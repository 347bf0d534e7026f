#!/usr/bin/env bash
# Entry point of the dreport container (Dockerfile.php): checks the environment, sets up TLS
# for the public port, creates the first admin account when DREPORT_ADMIN_PASSWORD is set and
# the account does not exist yet (never changes an existing one), then runs the command
# (Apache in the foreground).
#
# TLS (DREPORT_TLS=1, the default): the operator mounts the certificate chain and key of the
# Windows server into DREPORT_TLS_DIR as dreport.crt (server certificate first, then the
# intermediates) and dreport.key (PEM, unencrypted; docs/deployment.md shows how to get both
# from the PFX with openssl). Without them a self-signed pair is made once in
# DREPORT_TLS_SELF_DIR (a volume, so it survives restarts) and the log and the admin
# dashboard say so. DREPORT_TLS=0: plain HTTP on the public port, for a TLS proxy in front.
set -euo pipefail

for v in DB_HOST DB_USER DB_NAME; do
  if [ -z "${!v:-}" ]; then
    echo "dreport: $v is not set (see .env.example)" >&2
    exit 1
  fi
done
if [ -z "${DB_PASSWORD:-}" ]; then
  echo "dreport: warning: DB_PASSWORD is empty" >&2
fi

loud() {
  {
    echo "################################################################################"
    for line in "$@"; do echo "## $line"; done
    echo "################################################################################"
  } >&2
}

tls_dir=${DREPORT_TLS_DIR:-/etc/dreport/tls}
self_dir=${DREPORT_TLS_SELF_DIR:-/var/lib/dreport/tls}
case "${DREPORT_TLS:-1}" in
  1)
    if [ -s "$tls_dir/dreport.crt" ] && [ -s "$tls_dir/dreport.key" ]; then
      export DREPORT_TLS_CERT="$tls_dir/dreport.crt" DREPORT_TLS_KEY="$tls_dir/dreport.key"
      export DREPORT_TLS_STATUS=operator
      subject=$(openssl x509 -in "$DREPORT_TLS_CERT" -noout -subject -enddate 2>/dev/null | tr '\n' ' ' || true)
      echo "dreport: HTTPS on port ${DREPORT_PORT:-8015} with $DREPORT_TLS_CERT ($subject)" >&2
    else
      export DREPORT_TLS_CERT="$self_dir/selfsigned.crt" DREPORT_TLS_KEY="$self_dir/selfsigned.key"
      export DREPORT_TLS_STATUS=self-signed
      if [ ! -s "$DREPORT_TLS_CERT" ] || [ ! -s "$DREPORT_TLS_KEY" ]; then
        mkdir -p "$self_dir"
        cn=${DREPORT_TLS_HOSTNAME:-dreport}
        ( umask 077
          openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 825 \
            -subj "/CN=$cn" -addext "subjectAltName=DNS:$cn,DNS:localhost,IP:127.0.0.1" \
            -keyout "$DREPORT_TLS_KEY" -out "$DREPORT_TLS_CERT" 2>/dev/null )
        chmod 644 "$DREPORT_TLS_CERT"
      fi
      loud "WARNING: NO CERTIFICATE MOUNTED - dreport serves HTTPS with a SELF-SIGNED certificate" \
        "($DREPORT_TLS_CERT). The shops' wrapper app and browsers will REFUSE it." \
        "Mount the server's certificate chain and key as $tls_dir/dreport.crt and" \
        "$tls_dir/dreport.key (docs/deployment.md, 'The certificate') and restart."
    fi
    export DREPORT_SCHEME=https
    ;;
  0)
    export DREPORT_SCHEME=http DREPORT_TLS_STATUS=off DREPORT_TLS_CERT=/dev/null DREPORT_TLS_KEY=/dev/null
    echo "dreport: DREPORT_TLS=0: plain HTTP on port ${DREPORT_PORT:-8015}; TLS must end at a proxy in front" >&2
    if [ -z "${DREPORT_TRUSTED_PROXIES:-}" ]; then
      loud "WARNING: DREPORT_TLS=0 but DREPORT_TRUSTED_PROXIES is empty: client addresses" \
        "(login lock-out, REST whitelist) will be the proxy's, and cookies are not Secure" \
        "unless DREPORT_SECURE_COOKIES=1. Set DREPORT_TRUSTED_PROXIES to the proxy's address."
    fi
    ;;
  *)
    echo "dreport: DREPORT_TLS must be 1 (HTTPS, default) or 0 (plain HTTP behind a proxy)" >&2
    exit 1
    ;;
esac

if [ -n "${DREPORT_ADMIN_PASSWORD:-}" ]; then
  # The database is healthy before this container starts (depends_on), but give it a moment.
  for i in $(seq 1 30); do
    if php /usr/local/lib/dreport/init-admin.php; then break; fi
    [ "$i" -eq 30 ] && { echo "dreport: could not create the admin account" >&2; exit 1; }
    sleep 2
  done
fi

exec "$@"
