-- CloudReportServer / dreport database `dreports`.
--
-- Idempotent: every statement may run again on a database that already has it
-- (CREATE TABLE IF NOT EXISTS, INSERT IGNORE). Valid on MariaDB 10.11 (the tested engine) and on MariaDB 10.4.
-- Part 1: the legacy production tables (dreport.md §1, names and meanings kept so an
-- existing production database keeps working). Part 2: the report server's own tables.
-- Schema version 1 = legacy production schema, 2 = + server tables, 6 = + dreport throttle (3-5: the viewer's migrations).

SET NAMES utf8mb4;

-- ---------------------------------------------------------------------------------------
-- Part 1: legacy tables
-- ---------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS t_subscriptions (
  s_objectid       VARCHAR(20)   NOT NULL,
  s_objectname     VARCHAR(100)  NULL,
  s_expiredate     DATE          NULL,
  s_customername   VARCHAR(200)  NULL,
  s_eik            VARCHAR(30)   NULL,
  s_address        VARCHAR(255)  NULL,
  s_hostname       VARCHAR(64)   NULL,
  s_appip          VARCHAR(50)   NULL,
  s_apptype        VARCHAR(50)   NULL,
  s_appver         VARCHAR(20)   NULL,
  s_appdbtype      VARCHAR(20)   NULL,
  s_active         TINYINT(1)    NOT NULL DEFAULT 1,
  s_createdate     TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
  s_lastupdatedate TIMESTAMP     NULL DEFAULT NULL,
  s_comment        VARCHAR(1024) NULL,
  PRIMARY KEY (s_objectid),
  KEY idx_s_customername (s_customername),
  KEY idx_s_eik (s_eik),
  KEY idx_s_expiredate (s_expiredate)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS t_devices (
  d_id           INT          NOT NULL AUTO_INCREMENT,
  d_deviceid     VARCHAR(64)  NOT NULL,
  d_objectname   VARCHAR(30)  NULL,
  d_objectid     VARCHAR(20)  NOT NULL,
  d_objectpswd   VARCHAR(32)  NULL,
  d_timeoffset   INT          NOT NULL DEFAULT 0,
  d_editUsername VARCHAR(50)  NULL,
  d_editPassword VARCHAR(100) NULL,
  PRIMARY KEY (d_id),
  UNIQUE KEY uq_device_object (d_deviceid, d_objectid),
  KEY idx_d_objectid (d_objectid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS t_reports (
  r_id              INT          NOT NULL AUTO_INCREMENT,
  r_objectid        VARCHAR(20)  NOT NULL DEFAULT '',
  r_name            VARCHAR(50)  NOT NULL,
  r_friendlyname_bg VARCHAR(100) NULL,
  r_friendlyname_en VARCHAR(100) NULL,
  r_href            VARCHAR(255) NULL,
  r_sql_bg          MEDIUMTEXT   NULL,
  r_sql_en          MEDIUMTEXT   NULL,
  r_appdbtype       VARCHAR(20)  NULL,
  r_order           INT          NOT NULL DEFAULT 0,
  r_color           VARCHAR(20)  NULL,
  r_textcolor       VARCHAR(20)  NULL,
  UNIQUE KEY uq_r_id (r_id),
  KEY idx_r_objectid (r_objectid, r_order)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS t_settings (
  s_name  VARCHAR(50)   NOT NULL,
  s_value VARCHAR(1024) NULL,
  PRIMARY KEY (s_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS t_restip (
  r_id      INT          NOT NULL AUTO_INCREMENT,
  r_ip      VARCHAR(50)  NOT NULL,
  r_comment VARCHAR(255) NULL,
  PRIMARY KEY (r_id),
  KEY idx_r_ip (r_ip)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS t_opertype (
  o_opertype_id    INT          NOT NULL,
  o_opertype_descr VARCHAR(100) NOT NULL,
  PRIMARY KEY (o_opertype_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Production grows to tens of millions of rows: every filter of the event log has an
-- index that ends in (s_datetime, s_id) so keyset paging stays an index range scan.
CREATE TABLE IF NOT EXISTS t_statistics (
  s_id          BIGINT        NOT NULL AUTO_INCREMENT,
  s_opertype    INT           NOT NULL DEFAULT 0,
  s_operid      VARCHAR(30)   NULL,
  s_datetime    TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
  s_description VARCHAR(1024) NULL,
  PRIMARY KEY (s_id),
  KEY idx_s_datetime (s_datetime, s_id),
  KEY idx_s_opertype_datetime (s_opertype, s_datetime, s_id),
  KEY idx_s_operid_datetime (s_operid, s_datetime, s_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS role (
  r_id        INT         NOT NULL AUTO_INCREMENT,
  r_name      VARCHAR(50) NOT NULL,
  r_can_admin TINYINT(1)  NOT NULL DEFAULT 0,
  r_can_write TINYINT(1)  NOT NULL DEFAULT 0,
  r_can_edit  TINYINT(1)  NOT NULL DEFAULT 0,
  r_can_read  TINYINT(1)  NOT NULL DEFAULT 1,
  PRIMARY KEY (r_id),
  UNIQUE KEY uq_r_name (r_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `user` (
  a_id         INT          NOT NULL AUTO_INCREMENT,
  a_role_id    INT          NULL,
  a_username   VARCHAR(50)  NOT NULL,
  a_password   VARCHAR(255) NOT NULL,
  a_first_name VARCHAR(50)  NULL,
  a_last_name  VARCHAR(50)  NULL,
  PRIMARY KEY (a_id),
  UNIQUE KEY uq_a_username (a_username),
  KEY idx_a_role_id (a_role_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- ---------------------------------------------------------------------------------------
-- Part 2: the report server's tables
-- ---------------------------------------------------------------------------------------

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

-- dreport's brute-force protection (migration 006).
CREATE TABLE IF NOT EXISTS t_throttle (
  th_key          VARCHAR(150) NOT NULL,
  th_count        INT          NOT NULL DEFAULT 0,
  th_window_start DATETIME     NOT NULL,
  PRIMARY KEY (th_key),
  KEY idx_th_window_start (th_window_start)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS t_device_verified (
  dv_deviceid    VARCHAR(64) NOT NULL,
  dv_objectid    VARCHAR(20) NOT NULL,
  dv_pswd        VARCHAR(32) NOT NULL,
  dv_verified_at TIMESTAMP   NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (dv_deviceid, dv_objectid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- ---------------------------------------------------------------------------------------
-- Reference data
-- ---------------------------------------------------------------------------------------

INSERT IGNORE INTO t_opertype (o_opertype_id, o_opertype_descr) VALUES
  (0, 'Start application'),
  (1, 'Start report'),
  (2, 'Add object'),
  (3, 'Delete object'),
  (4, 'REST call'),
  (5, 'Error'),
  (101, 'Login'),
  (105, 'User add'),
  (106, 'User edit'),
  (107, 'User delete'),
  (110, 'Role add'),
  (111, 'Role edit'),
  (112, 'Role delete'),
  (115, 'REST IP add'),
  (116, 'REST IP edit'),
  (117, 'REST IP delete'),
  (120, 'Settings add'),
  (121, 'Settings edit'),
  (122, 'Settings delete'),
  (125, 'Device add'),
  (126, 'Device edit'),
  (127, 'Device delete'),
  (130, 'Report add'),
  (131, 'Report edit'),
  (132, 'Report delete'),
  (136, 'Subscription edit'),
  (137, 'Subscription delete'),
  (140, 'Update file upload'),
  (141, 'Update file delete'),
  (142, 'Login failed'),
  (143, 'Object password guessing (viewer throttled)'),
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
  (2, 'report server tables: t_client_connections, t_client_errors, t_relay_log, t_server_applied_events'),
  (6, 'dreport throttle: t_throttle, t_device_verified, t_opertype 143');
