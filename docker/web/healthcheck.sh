#!/bin/sh
# Healthcheck of the dreport container (Dockerfile.php HEALTHCHECK and docker-compose.yml):
# the admin login page over the public port, HTTPS unless DREPORT_TLS=0 (-k: the certificate
# is for the public host name, not 127.0.0.1), and api.php's internal port.
set -eu
port=${DREPORT_PORT:-8015}
if [ "${DREPORT_TLS:-1}" = 0 ]; then
  curl -fsS -o /dev/null "http://127.0.0.1:$port/dreport/admin/index.php?page=login"
else
  curl -fsSk -o /dev/null "https://127.0.0.1:$port/dreport/admin/index.php?page=login"
fi
curl -sS -o /dev/null "http://127.0.0.1:${DREPORT_INTERNAL_PORT:-8081}/dreport/api.php"
