-- Migration 005: event types of dreport's item management (items.php, issue 13), so the
-- admin's event log can name and filter them. No table changes; the operator login of a
-- device keeps using t_devices.d_editUsername / d_editPassword (now encrypted with
-- DREPORT_SECRET_KEY; legacy values cannot be read and are entered again).
--
-- Safe to run again (INSERT IGNORE).

SET NAMES utf8mb4;

INSERT IGNORE INTO t_opertype (o_opertype_id, o_opertype_descr) VALUES
  (150, 'Item changed (viewer)'),
  (151, 'Item change refused (viewer)'),
  (152, 'Operator login for item changes');

INSERT IGNORE INTO t_schema_version (sv_version, sv_description)
VALUES (5, 'item management event types 150-152');
