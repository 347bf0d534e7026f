-- Migration 006: dreport's brute-force protection (issue 14, finding 7).
--   mysql dreports < migrations/006_dreport_throttle.sql
-- (Numbered 006 to follow the viewer's 003-005; it depends on none of them.)
--
-- t_throttle        atomic attempt counters (admin logins per username and per client address,
--                   wrong object passwords per device and per object): one row per key, bumped
--                   with a single INSERT … ON DUPLICATE KEY UPDATE, so parallel requests can
--                   never let more attempts through than the limit.
-- t_device_verified the (device, object, password hash) combinations whose password the shop
--                   has accepted once (a report answered ResultCode 0). Until then the viewer
--                   shows nothing of the object (name, customer, expiry). A changed password
--                   hash is no longer proven, whoever changed it.
-- t_opertype 143    "Object password guessing", the admin event log's alert.
--
-- Only adds tables and rows; safe to run again. The report server does not use these tables
-- (it still needs schema version 2 or later).

SET NAMES utf8mb4;

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

INSERT IGNORE INTO t_opertype (o_opertype_id, o_opertype_descr) VALUES
  (143, 'Object password guessing (viewer throttled)');

INSERT IGNORE INTO t_schema_version (sv_version, sv_description) VALUES
  (6, 'dreport throttle: t_throttle, t_device_verified, t_opertype 143');
