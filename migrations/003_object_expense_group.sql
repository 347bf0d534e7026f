-- Migration 003: the per-object consumables product group of the expense reports
-- (t_devices.d_expensegroup, default 84: the group the original site hard-coded).
-- Consumables expenses = deliveries of items in that group; goods expenses = all others.
-- Run it once on a database at 002:   mysql dreports < migrations/003_object_expense_group.sql
--
-- Safe to run again: the column is only added when information_schema does not list it yet
-- (portable: not every MySQL has ADD COLUMN IF NOT EXISTS); existing rows get 84.

SET NAMES utf8mb4;

SET @ddl = IF((SELECT COUNT(*) FROM information_schema.columns
  WHERE table_schema = DATABASE() AND table_name = 't_devices' AND column_name = 'd_expensegroup') = 0,
  'ALTER TABLE t_devices ADD COLUMN d_expensegroup INT NOT NULL DEFAULT 84 AFTER d_timeoffset', 'DO 0');
PREPARE crs_stmt FROM @ddl; EXECUTE crs_stmt; DEALLOCATE PREPARE crs_stmt;

INSERT IGNORE INTO t_schema_version (sv_version, sv_description) VALUES
  (3, 'per-object consumables product group t_devices.d_expensegroup');
