#!/usr/bin/env bash
# Entry point of the dreport container (Dockerfile.php): checks the environment, creates the
# first admin account when DREPORT_ADMIN_PASSWORD is set and the account does not exist yet
# (never changes an existing one), then runs Apache in the foreground.
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

if [ -n "${DREPORT_ADMIN_PASSWORD:-}" ]; then
  # The database is healthy before this container starts (depends_on), but give it a moment.
  for i in $(seq 1 30); do
    if php /usr/local/lib/dreport/init-admin.php; then break; fi
    [ "$i" -eq 30 ] && { echo "dreport: could not create the admin account" >&2; exit 1; }
    sleep 2
  done
fi

exec "$@"
