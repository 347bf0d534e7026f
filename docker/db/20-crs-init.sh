#!/usr/bin/env bash
# First-start initialisation of the `db` service (mariadb:10.11), run by the image's entrypoint
# from /docker-entrypoint-initdb.d after 10-schema.sql (the repository's schema.sql):
#   - loads the synthetic demo seed when CRS_DEMO_SEED=1,
#   - points dreport at the report server on the compose network (t_settings), with the
#     HTTP API account from .env,
#   - whitelists the report server's fixed addresses in t_restip, so api.php accepts the
#     /objectinfo calls it makes when a shop connects.
# Runs once, on an empty data volume; see docs/deployment.md to change these later.
set -euo pipefail

db=${MARIADB_DATABASE:-dreports}
export MYSQL_PWD=${MARIADB_ROOT_PASSWORD:?}
sql() { mariadb --protocol=socket -uroot --default-character-set=utf8mb4 "$db"; }
# A value as an SQL string literal.
lit() {
  local v=$1
  v=${v//\\/\\\\}
  v=${v//\'/\'\'}
  printf "'%s'" "$v"
}

if [ "${CRS_DEMO_SEED:-0}" = 1 ]; then
  echo "crs-init: loading the demo seed"
  sql </crs/demo-seed.sql
fi

backend=${CRS_NET_BACKEND:-172.28.0}
front=${CRS_NET_FRONT:-172.29.0}
user=${CRS_HTTP_USER:-monitor}
pass=${CRS_HTTP_PASSWORD:-}
[ -n "$pass" ] || echo "crs-init: warning: CRS_HTTP_PASSWORD is empty" >&2

echo "crs-init: report server settings and REST whitelist ($backend.10, $front.10)"
sql <<SQL
INSERT INTO t_settings (s_name, s_value) VALUES
  ('rpt_server_host', 'report_server'),
  ('rpt_server_port', '8080'),
  ('rpt_server_user', $(lit "$user")),
  ('rpt_server_pswd', $(lit "$pass"))
ON DUPLICATE KEY UPDATE s_value = VALUES(s_value);
INSERT IGNORE INTO t_settings (s_name, s_value) VALUES ('trial_days', '30'), ('log_level', '1');
INSERT INTO t_restip (r_ip, r_comment)
SELECT $(lit "$backend.10"), 'report_server (compose, backend network)' FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM t_restip WHERE r_ip = $(lit "$backend.10"));
INSERT INTO t_restip (r_ip, r_comment)
SELECT $(lit "$front.10"), 'report_server (compose, front network)' FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM t_restip WHERE r_ip = $(lit "$front.10"));
SQL
