-- Migration 001: the legacy production schema of `dreports`, as the Windows system left it
-- (dreport.md §1): the tables, their columns and the keys the old system had (primary keys,
-- UNIQUE(d_deviceid, d_objectid), UNIQUE(r_id)) and the legacy t_opertype codes.
--
-- An existing production database already IS at this version: do not run this file there.
-- It exists so that a database can be rebuilt as production has it (tests run 001 then 002
-- and compare the result with schema.sql), and documents the starting point of 002.
-- Idempotent (CREATE TABLE IF NOT EXISTS, INSERT IGNORE). MariaDB 10.4 and 10.11.
--
-- Note: production databases may differ in details this file cannot know (e.g. an INT
-- t_statistics.s_id, utf8mb3 tables). The report server and dreport only rely on the
-- table and column names, so such differences do not matter; see docs/database.md.

SET NAMES utf8mb4;


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
  PRIMARY KEY (s_objectid)
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
  UNIQUE KEY uq_device_object (d_deviceid, d_objectid)
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
  UNIQUE KEY uq_r_id (r_id)
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
  PRIMARY KEY (r_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS t_opertype (
  o_opertype_id    INT          NOT NULL,
  o_opertype_descr VARCHAR(100) NOT NULL,
  PRIMARY KEY (o_opertype_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Legacy production had only the primary key here; 002 adds the paging indexes.
CREATE TABLE IF NOT EXISTS t_statistics (
  s_id          BIGINT        NOT NULL AUTO_INCREMENT,
  s_opertype    INT           NOT NULL DEFAULT 0,
  s_operid      VARCHAR(30)   NULL,
  s_datetime    TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
  s_description VARCHAR(1024) NULL,
  PRIMARY KEY (s_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS role (
  r_id        INT         NOT NULL AUTO_INCREMENT,
  r_name      VARCHAR(50) NOT NULL,
  r_can_admin TINYINT(1)  NOT NULL DEFAULT 0,
  r_can_write TINYINT(1)  NOT NULL DEFAULT 0,
  r_can_edit  TINYINT(1)  NOT NULL DEFAULT 0,
  r_can_read  TINYINT(1)  NOT NULL DEFAULT 1,
  PRIMARY KEY (r_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `user` (
  a_id         INT          NOT NULL AUTO_INCREMENT,
  a_role_id    INT          NULL,
  a_username   VARCHAR(50)  NOT NULL,
  a_password   VARCHAR(255) NOT NULL,
  a_first_name VARCHAR(50)  NULL,
  a_last_name  VARCHAR(50)  NULL,
  PRIMARY KEY (a_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

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
  (137, 'Subscription delete');
