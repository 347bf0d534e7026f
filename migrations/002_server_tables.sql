-- Migration 002: the report server's tables, new t_opertype codes, indexes for the big
-- tables, and t_schema_version. Run it once on a production database that is at 001 (the
-- legacy schema):   mysql dreports < migrations/002_server_tables.sql
--
-- Safe to run again: tables are CREATE TABLE IF NOT EXISTS, rows INSERT IGNORE, and each
-- index is only added when information_schema does not list it yet (MySQL has no
-- ADD INDEX IF NOT EXISTS, so the check is done with a prepared statement; this works on
-- MariaDB 10.11 too). After it the database has the same structure as schema.sql.
--
-- Adding indexes to a t_statistics with tens of millions of rows takes a while (online DDL,
-- the table stays readable and writable). The two UNIQUE keys (role.r_name, user.a_username)
-- fail if the legacy data has duplicates: rename the duplicates and run the file again.

SET NAMES utf8mb4;

CREATE TABLE IF NOT EXISTS t_schema_version (
  sv_version     INT          NOT NULL,
  sv_description VARCHAR(200) NULL,
  sv_applied_at  TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (sv_version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS t_client_connections (
  cc_id              BIGINT       NOT NULL AUTO_INCREMENT,
  cc_uid             VARCHAR(40)  NOT NULL,
  cc_objectid        VARCHAR(20)  NULL,
  cc_host            VARCHAR(64)  NULL,
  cc_peer_ip         VARCHAR(50)  NULL,
  cc_app             VARCHAR(50)  NULL,
  cc_version         VARCHAR(20)  NULL,
  cc_connected_at    DATETIME(3)  NOT NULL,
  cc_disconnected_at DATETIME(3)  NULL,
  cc_reason          VARCHAR(100) NULL,
  PRIMARY KEY (cc_id),
  UNIQUE KEY uq_cc_uid (cc_uid),
  KEY idx_cc_object_connected (cc_objectid, cc_connected_at),
  KEY idx_cc_connected_at (cc_connected_at),
  KEY idx_cc_disconnected_at (cc_disconnected_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS t_client_errors (
  ce_id         BIGINT      NOT NULL AUTO_INCREMENT,
  ce_uid        VARCHAR(40) NOT NULL,
  ce_objectid   VARCHAR(20) NULL,
  ce_host       VARCHAR(64) NULL,
  ce_peer_ip    VARCHAR(50) NULL,
  ce_text       TEXT        NULL,
  ce_created_at DATETIME(3) NOT NULL,
  PRIMARY KEY (ce_id),
  UNIQUE KEY uq_ce_uid (ce_uid),
  KEY idx_ce_created_at (ce_created_at),
  KEY idx_ce_objectid (ce_objectid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS t_relay_log (
  rl_id            BIGINT       NOT NULL AUTO_INCREMENT,
  rl_uid           VARCHAR(40)  NOT NULL,
  rl_objectid      VARCHAR(20)  NOT NULL,
  rl_report        VARCHAR(100) NULL,
  rl_caller        VARCHAR(100) NULL,
  rl_started_at    DATETIME(3)  NOT NULL,
  rl_duration_ms   INT          NOT NULL,
  rl_resultcode    INT          NOT NULL,
  rl_request_bytes INT          NOT NULL,
  rl_answer_bytes  INT          NOT NULL,
  PRIMARY KEY (rl_id),
  UNIQUE KEY uq_rl_uid (rl_uid),
  KEY idx_rl_started_at (rl_started_at),
  KEY idx_rl_object_started (rl_objectid, rl_started_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Exactly-once replay of the server's spooled events.
CREATE TABLE IF NOT EXISTS t_server_applied_events (
  ae_uid        VARCHAR(40) NOT NULL,
  ae_applied_at TIMESTAMP   NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (ae_uid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Indexes (added only when missing).
SET @ddl = IF((SELECT COUNT(*) FROM information_schema.statistics
  WHERE table_schema = DATABASE() AND table_name = 't_subscriptions' AND index_name = 'idx_s_customername') = 0,
  'ALTER TABLE t_subscriptions ADD KEY idx_s_customername (s_customername)', 'DO 0');
PREPARE crs_stmt FROM @ddl; EXECUTE crs_stmt; DEALLOCATE PREPARE crs_stmt;

SET @ddl = IF((SELECT COUNT(*) FROM information_schema.statistics
  WHERE table_schema = DATABASE() AND table_name = 't_subscriptions' AND index_name = 'idx_s_eik') = 0,
  'ALTER TABLE t_subscriptions ADD KEY idx_s_eik (s_eik)', 'DO 0');
PREPARE crs_stmt FROM @ddl; EXECUTE crs_stmt; DEALLOCATE PREPARE crs_stmt;

SET @ddl = IF((SELECT COUNT(*) FROM information_schema.statistics
  WHERE table_schema = DATABASE() AND table_name = 't_subscriptions' AND index_name = 'idx_s_expiredate') = 0,
  'ALTER TABLE t_subscriptions ADD KEY idx_s_expiredate (s_expiredate)', 'DO 0');
PREPARE crs_stmt FROM @ddl; EXECUTE crs_stmt; DEALLOCATE PREPARE crs_stmt;

SET @ddl = IF((SELECT COUNT(*) FROM information_schema.statistics
  WHERE table_schema = DATABASE() AND table_name = 't_devices' AND index_name = 'idx_d_objectid') = 0,
  'ALTER TABLE t_devices ADD KEY idx_d_objectid (d_objectid)', 'DO 0');
PREPARE crs_stmt FROM @ddl; EXECUTE crs_stmt; DEALLOCATE PREPARE crs_stmt;

SET @ddl = IF((SELECT COUNT(*) FROM information_schema.statistics
  WHERE table_schema = DATABASE() AND table_name = 't_reports' AND index_name = 'idx_r_objectid') = 0,
  'ALTER TABLE t_reports ADD KEY idx_r_objectid (r_objectid, r_order)', 'DO 0');
PREPARE crs_stmt FROM @ddl; EXECUTE crs_stmt; DEALLOCATE PREPARE crs_stmt;

SET @ddl = IF((SELECT COUNT(*) FROM information_schema.statistics
  WHERE table_schema = DATABASE() AND table_name = 't_restip' AND index_name = 'idx_r_ip') = 0,
  'ALTER TABLE t_restip ADD KEY idx_r_ip (r_ip)', 'DO 0');
PREPARE crs_stmt FROM @ddl; EXECUTE crs_stmt; DEALLOCATE PREPARE crs_stmt;

SET @ddl = IF((SELECT COUNT(*) FROM information_schema.statistics
  WHERE table_schema = DATABASE() AND table_name = 't_statistics' AND index_name = 'idx_s_datetime') = 0,
  'ALTER TABLE t_statistics ADD KEY idx_s_datetime (s_datetime, s_id)', 'DO 0');
PREPARE crs_stmt FROM @ddl; EXECUTE crs_stmt; DEALLOCATE PREPARE crs_stmt;

SET @ddl = IF((SELECT COUNT(*) FROM information_schema.statistics
  WHERE table_schema = DATABASE() AND table_name = 't_statistics' AND index_name = 'idx_s_opertype_datetime') = 0,
  'ALTER TABLE t_statistics ADD KEY idx_s_opertype_datetime (s_opertype, s_datetime, s_id)', 'DO 0');
PREPARE crs_stmt FROM @ddl; EXECUTE crs_stmt; DEALLOCATE PREPARE crs_stmt;

SET @ddl = IF((SELECT COUNT(*) FROM information_schema.statistics
  WHERE table_schema = DATABASE() AND table_name = 't_statistics' AND index_name = 'idx_s_operid_datetime') = 0,
  'ALTER TABLE t_statistics ADD KEY idx_s_operid_datetime (s_operid, s_datetime, s_id)', 'DO 0');
PREPARE crs_stmt FROM @ddl; EXECUTE crs_stmt; DEALLOCATE PREPARE crs_stmt;

SET @ddl = IF((SELECT COUNT(*) FROM information_schema.statistics
  WHERE table_schema = DATABASE() AND table_name = 'role' AND index_name = 'uq_r_name') = 0,
  'ALTER TABLE role ADD UNIQUE KEY uq_r_name (r_name)', 'DO 0');
PREPARE crs_stmt FROM @ddl; EXECUTE crs_stmt; DEALLOCATE PREPARE crs_stmt;

SET @ddl = IF((SELECT COUNT(*) FROM information_schema.statistics
  WHERE table_schema = DATABASE() AND table_name = 'user' AND index_name = 'uq_a_username') = 0,
  'ALTER TABLE `user` ADD UNIQUE KEY uq_a_username (a_username)', 'DO 0');
PREPARE crs_stmt FROM @ddl; EXECUTE crs_stmt; DEALLOCATE PREPARE crs_stmt;

SET @ddl = IF((SELECT COUNT(*) FROM information_schema.statistics
  WHERE table_schema = DATABASE() AND table_name = 'user' AND index_name = 'idx_a_role_id') = 0,
  'ALTER TABLE `user` ADD KEY idx_a_role_id (a_role_id)', 'DO 0');
PREPARE crs_stmt FROM @ddl; EXECUTE crs_stmt; DEALLOCATE PREPARE crs_stmt;

INSERT IGNORE INTO t_opertype (o_opertype_id, o_opertype_descr) VALUES
  (140, 'Update file upload'),
  (141, 'Update file delete'),
  (142, 'Login failed'),
  (200, 'Report server started'),
  (201, 'Client connected'),
  (202, 'Client disconnected'),
  (203, 'Client error report (ERRL)'),
  (204, 'Report relayed'),
  (205, 'Client authorised'),
  (206, 'Client refused by auth server'),
  (207, 'Auth fallback to database');

INSERT IGNORE INTO t_schema_version (sv_version, sv_description) VALUES
  (1, 'legacy production schema'),
  (2, 'report server tables: t_client_connections, t_client_errors, t_relay_log, t_server_applied_events');
