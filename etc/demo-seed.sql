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

-- The report catalogue (report buttons), shaped like production's (shop-reports.md §C): the
-- original page names as r_href (they open the viewer's reports), DB-type letters, order and
-- colours; the object-specific rows go to the demo objects. r_id 0 exists in production, so
-- 0 must not mean "next auto-increment value" here.
SET @crs_old_mode = @@SESSION.sql_mode;
SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_AUTO_VALUE_ON_ZERO');
INSERT INTO t_reports
  (r_id, r_objectid, r_name, r_friendlyname_bg, r_friendlyname_en, r_href, r_sql_bg, r_sql_en, r_appdbtype, r_order, r_color, r_textcolor)
VALUES
  (0, '', 'monthpluturnover', 'НАЙ-ПРОДАВАНИ МЕСЕЧНО', 'MONTHLY MOST SOLD', 'monthpluturnover.php', NULL, NULL, '', 4, '#00898C', NULL),
  (1, '', 'dayturnover', 'ДНЕВЕН ОБОРОТ', 'DAILY TURNOVER', 'dayturnover.php', 'select 1 from RDB$DATABASE', 'select 1 from RDB$DATABASE', '', 1, '#00B79C', ''),
  (2, '', 'groupturnover', 'ДНЕВЕН ОБОРОТ СТОКОВИ ГРУПИ', 'GROUPS DAILY TURNOVER', 'groupturnover.php', 'select 1 from RDB$DATABASE', 'select 1 from RDB$DATABASE', '', 5, '#6082B6', NULL),
  (3, '', 'pluturnover', 'НАЙ-ПРОДАВАНИ ДНЕВНО', 'DAILY MOST SOLD ITEMS', 'pluturnover.php', 'select 1 from RDB$DATABASE', 'select 1 from RDB$DATABASE', NULL, 3, '#00898C', NULL),
  (4, '3769d93a', 'rpttotalcust', 'БРОЙ КЛИЕНТИ', 'CUSTOMERS', '#', NULL, NULL, '', 14, 'light-green', NULL),
  (5, '', 'openbills', 'ОТВОРЕНИ СМЕТКИ', 'OPEN ACCOUNTS', 'openbills.php', 'select 1 from RDB$DATABASE', 'select 1 from RDB$DATABASE', 'R', 15, '#9E60AD', NULL),
  (6, '', 'voidplues', 'СТОРНИРАНИ АРТИКУЛИ', 'VOID PLUES', 'voidplues.php', NULL, NULL, 'R', 17, '#9E60AD', NULL),
  (7, '', 'closedbills', 'ЗАКРИТИ СМЕТКИ', 'CLOSED ACCOUNTS', 'closedbills.php', NULL, NULL, 'R', 16, '#9E60AD', NULL),
  (8, '', 'monthturnover', 'МЕСЕЧЕН ОБОРОТ', 'MONTHLY TURNOVER', 'monthturnover.php', NULL, NULL, '', 2, '#00B79C', NULL),
  (9, '', 'monthgroupturnover', 'МЕСЕЧЕН ОБОРОТ СТОКОВИ ГРУПИ', 'GROUPS MONTHLY TURNOVER', 'monthgroupturnover.php', NULL, NULL, '', 6, '#6082B6', NULL),
  (10, '', 'ShowArticles', 'РЕДАКЦИЯ НА АРТИКУЛ', 'EDIT PLUES', 'articles.php', NULL, NULL, '', 110, '#e57b0b', NULL),
  (11, '', 'DailySalesByPrintGroup', 'ДНЕВНИ ПРОДАЖБИ ПО ГРУПИ ЗА ПЕЧАТ', 'DAILY SALES BY PRINT GRUP', 'DailySalesByPrintGroup.php', NULL, NULL, 'R', 9, '#a085e0', NULL),
  (12, '', 'MonthlySalesByPrintGroup', 'МЕСЕЧНИ ПРОДАЖБИ ПО ГРУПИ ЗА ПЕЧАТ', 'MONTHLY SALES BY PRINT GRUP', 'MonthlySalesByPrintGroup.php', NULL, NULL, 'R', 10, '#a085e0', NULL),
  (13, '', 'DailySalesByOperators', 'ДНЕВНИ ПРОДАЖБИ ПО ОПЕРАТОРИ', 'DAILY SALES BY OPERATORS', 'DailySalesByOperators.php', NULL, NULL, '', 7, '#4571b5', NULL),
  (14, '', 'MonthlySalesByOperators', 'МЕСЕЧНИ ПРОДАЖБИ ПО ОПЕРАТОРИ', 'MONTHLY SALES BY OPERATORS', 'MonthlySalesByOperators.php', NULL, NULL, '', 8, '#4571b5', NULL),
  (15, '3769d93a', 'ActiveTickets', 'АКТИВНИ БИЛЕТИ', 'ACTIVE TICKETS', 'ActiveTickets.php', NULL, NULL, '', 13, '#125c5b', NULL),
  (16, '3769d93a', 'TicketsControl', 'КОНТРОЛ БИЛЕТИ', 'TICKETS CONTROL', 'TicketsControl.php', NULL, NULL, '', 14, '#125c5b', NULL),
  (100, '3769d93a', 'DeliveryGrp84', 'РАЗХОДИ КОНСУМАТИВИ', 'CONSUMABLES EXPENSES', 'monthlyexpenses.php', NULL, NULL, '', 11, '#a9c352', NULL),
  (101, '1a2b3c4d', 'DeliveryGrp84', 'РАЗХОДИ КОНСУМАТИВИ', 'CONSUMABLES EXPENSES', 'monthlyexpenses.php', NULL, NULL, '', 11, '#a9c352', NULL),
  (102, '3769d93a', 'DeliveryGrpNON84', 'РАЗХОДИ СТОКИ', 'GOODS EXPENSES', 'monthlyStockExpenses.php', NULL, NULL, '', 12, '#a9c352', NULL),
  (103, '1a2b3c4d', 'DeliveryGrpNON84', 'РАЗХОДИ СТОКИ', 'GOODS EXPENSES', 'monthlyStockExpenses.php', NULL, NULL, '', 12, '#a9c352', NULL),
  (200, '1a2b3c4d', 'BOSSalesTurnover', 'БОС ПРОДАЖБИ - ДНЕВЕН ОБОРОТ', 'BOS SALES - DAILY TURNOVER', 'BOSSalesTurnover.php', NULL, NULL, '', 200, '#038572', NULL),
  (201, '1a2b3c4d', 'BosSalesCounterpartyTurnover', 'БОС ПРОДАЖБИ-ДНЕВЕН ОБОРОТ ПО КОНТРАГЕНТИ', 'BOS SALES-COUNTERPARTY DAILY TURNOVER', 'BOSSalesCounterpartyTurnover.php', NULL, NULL, '', 201, '#365c94', NULL),
  (202, '1a2b3c4d', 'BosSalesMonthlyTurnover', 'БОС ПРОДАЖБИ - МЕСЕЧЕН ОБОРОТ', 'BOS SALES - MONTHLY TURNOVER', 'BOSSalesMonthlyTurnover.php', NULL, NULL, '', 202, '#038572', NULL),
  (203, '1a2b3c4d', 'BosSalesCounterpartyMonthlyTurnover', 'БОС ПРОДАЖБИ-МЕСЕЧЕН ОБОРОТ ПО КОНТРАГЕНТИ', 'BOS SALES-COUNTERPARTY MONTHLY TURNOVER', 'BOSSalesCounterpartyMonthlyTurnover.php', NULL, NULL, '', 203, '#365c94', NULL)
ON DUPLICATE KEY UPDATE
  r_objectid = VALUES(r_objectid), r_name = VALUES(r_name),
  r_friendlyname_bg = VALUES(r_friendlyname_bg), r_friendlyname_en = VALUES(r_friendlyname_en),
  r_href = VALUES(r_href), r_appdbtype = VALUES(r_appdbtype), r_order = VALUES(r_order),
  r_color = VALUES(r_color), r_textcolor = VALUES(r_textcolor);
SET SESSION sql_mode = @crs_old_mode;

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
