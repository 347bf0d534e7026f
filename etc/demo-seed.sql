-- Synthetic demo data for `make run` and the tests. Never production data.
-- Idempotent: load it as often as you like after schema.sql.
-- Demo admin login: admin / admin123 (change it on a real installation).

SET NAMES utf8mb4;

INSERT INTO t_subscriptions
  (s_objectid, s_objectname, s_expiredate, s_customername, s_eik, s_address, s_hostname,
   s_appip, s_apptype, s_appver, s_appdbtype, s_active, s_lastupdatedate, s_comment)
VALUES
  ('3769d93a', 'Демо Маркет - център', '2099-12-31', 'Демо Маркет ООД', '200000001',
   'гр. София, ул. Примерна 1', 'DEMO-MARKET', '192.168.1.10', 'EBOCloudReportSvc.exe',
   '1.0.0.5', 'R', 1, CURRENT_TIMESTAMP, 'demo subscription'),
  ('1a2b3c4d', 'Cafe Demo', '2099-12-31', 'Cafe Demo', '200000002',
   'Plovdiv, Demo str. 2', 'CAFE-DEMO', '192.168.1.20', 'EBOCloudReportSvc.exe',
   '1.0.0.5', 'R', 1, CURRENT_TIMESTAMP, 'demo subscription'),
  ('0badf00d', 'Expired Shop', '2020-01-31', 'Expired Demo EOOD', '200000003',
   'Varna, Demo str. 3', 'OLD-SHOP', '192.168.1.30', 'EBOCloudReportSvc.exe',
   '1.0.0.4', 'R', 1, CURRENT_TIMESTAMP, 'demo subscription (expired)')
ON DUPLICATE KEY UPDATE
  s_objectname = VALUES(s_objectname), s_expiredate = VALUES(s_expiredate),
  s_customername = VALUES(s_customername), s_eik = VALUES(s_eik),
  s_address = VALUES(s_address), s_hostname = VALUES(s_hostname),
  s_appdbtype = VALUES(s_appdbtype), s_active = VALUES(s_active);

-- Device `demo-phone-1` sees both active objects; object password `demo`.
INSERT INTO t_devices (d_deviceid, d_objectname, d_objectid, d_objectpswd, d_timeoffset)
VALUES
  ('demo-phone-1', 'Демо Маркет', '3769d93a', 'fe01ce2a7fbac8fafaed7c982a04e229', 0),
  ('demo-phone-1', 'Cafe Demo', '1a2b3c4d', 'fe01ce2a7fbac8fafaed7c982a04e229', 0)
ON DUPLICATE KEY UPDATE
  d_objectname = VALUES(d_objectname), d_objectpswd = VALUES(d_objectpswd);
-- The demo shops accept `demo`: both links are proven, so the viewer shows their names.
INSERT INTO t_device_verified (dv_deviceid, dv_objectid, dv_pswd)
VALUES
  ('demo-phone-1', '3769d93a', 'fe01ce2a7fbac8fafaed7c982a04e229'),
  ('demo-phone-1', '1a2b3c4d', 'fe01ce2a7fbac8fafaed7c982a04e229')
ON DUPLICATE KEY UPDATE dv_pswd = VALUES(dv_pswd);

-- The report catalogue (report buttons). r_sql_* stay empty: the viewer keeps each
-- report's queries in its code; r_href is the viewer page.
INSERT INTO t_reports
  (r_id, r_objectid, r_name, r_friendlyname_bg, r_friendlyname_en, r_href, r_appdbtype,
   r_order, r_color, r_textcolor)
VALUES
  (1, '', 'dayturnover',   'Оборот за деня',      'Day turnover',       'report.php?r=dayturnover',   'R', 10, '#1e6fd9', '#ffffff'),
  (2, '', 'monthturnover', 'Оборот за месеца',    'Month turnover',     'report.php?r=monthturnover', 'R', 20, '#1e6fd9', '#ffffff'),
  (3, '', 'topitems',      'Топ 10 артикула',     'Top 10 items',       'report.php?r=topitems',      'R', 30, '#2e8b57', '#ffffff'),
  (4, '', 'groups',        'Оборот по групи',     'Turnover by group',  'report.php?r=groups',        'R', 40, '#2e8b57', '#ffffff'),
  (5, '', 'operators',     'Продажби по оператори', 'Sales by operator', 'report.php?r=operators',    'R', 50, '#8a4baf', '#ffffff'),
  (6, '', 'openbills',     'Отворени сметки',     'Open bills',         'report.php?r=openbills',     'R', 60, '#d9822b', '#ffffff'),
  (7, '', 'voided',        'Сторнирани артикули', 'Voided items',       'report.php?r=voided',        'R', 70, '#c0392b', '#ffffff')
ON DUPLICATE KEY UPDATE
  r_objectid = VALUES(r_objectid), r_name = VALUES(r_name),
  r_friendlyname_bg = VALUES(r_friendlyname_bg), r_friendlyname_en = VALUES(r_friendlyname_en),
  r_href = VALUES(r_href), r_appdbtype = VALUES(r_appdbtype), r_order = VALUES(r_order),
  r_color = VALUES(r_color), r_textcolor = VALUES(r_textcolor);

-- How PHP reaches the report server's HTTP API (matches [SRV_1_HTTPLOGINS] of the demo ini).
INSERT IGNORE INTO t_settings (s_name, s_value) VALUES
  ('rpt_server_host', '127.0.0.1'),
  ('rpt_server_port', '8080'),
  ('rpt_server_user', 'user'),
  ('rpt_server_pswd', 'pass$123'),
  ('trial_days', '30'),
  ('log_level', '3');

INSERT INTO t_restip (r_ip, r_comment)
SELECT '127.0.0.1', 'localhost IPv4' FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM t_restip WHERE r_ip = '127.0.0.1');
INSERT INTO t_restip (r_ip, r_comment)
SELECT '::1', 'localhost IPv6' FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM t_restip WHERE r_ip = '::1');

INSERT IGNORE INTO role (r_id, r_name, r_can_admin, r_can_write, r_can_edit, r_can_read) VALUES
  (1, 'Reader', 0, 0, 0, 1),
  (2, 'Author', 0, 1, 0, 1),
  (3, 'Editor', 0, 1, 1, 1),
  (4, 'Admin',  1, 1, 1, 1);

-- admin / admin123 (bcrypt). INSERT IGNORE: a changed password survives a re-seed.
INSERT IGNORE INTO `user` (a_role_id, a_username, a_password, a_first_name, a_last_name)
SELECT r_id, 'admin', '$2y$10$9oT76kPAHIZjVOdYc/iD7uh8bi9kUT45xYxNDVzs2TYZUJLalPzfK', 'Demo', 'Admin'
FROM role WHERE r_name = 'Admin';
