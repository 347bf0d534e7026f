<?php

declare(strict_types=1);

namespace Dreport\Tests\Viewer;

use Dreport\Tests\Http;
use Dreport\Viewer\DeviceObjects;
use Dreport\Tests\WebTestCase;

/**
 * The device and object rules over real HTTP (`php -S`) against a real MariaDB: the
 * device session, a device seeing only its own objects, add/rename/offset/delete with
 * CSRF and confirmation, the report list's banner and buttons, and a report whose report
 * server cannot be reached showing "client offline" (never success).
 */
final class ViewerWebTest extends WebTestCase
{
    private Http $http;

    protected static function serverEnv(): array
    {
        // Nothing listens on port 1: the relay fails like an unreachable server.
        return ['REPORT_SERVER_URL' => 'http://127.0.0.1:1'];
    }

    protected function setUp(): void
    {
        $this->http = new Http();
        $db = self::db();
        $db->exec("DELETE FROM t_devices WHERE d_deviceid LIKE 'test-%'");
        $db->exec("DELETE FROM t_subscriptions WHERE s_objectid LIKE 'ee%'");
        $db->exec("DELETE FROM t_reports WHERE r_id >= 100");
        $db->exec("UPDATE t_settings SET s_value = '3' WHERE s_name = 'log_level'");
    }

    private function get(string $path): array
    {
        return $this->http->request(self::url('/dreport/' . $path));
    }

    private function post(string $path, array $fields): array
    {
        return $this->http->request(self::url('/dreport/' . $path), $fields);
    }

    private function open(string $device): void
    {
        $r = $this->get('index.php?id=' . rawurlencode($device) . '&lang=en');
        self::assertSame(303, $r['status']);
        self::assertSame('device.php', $r['location']);
        self::assertMatchesRegularExpression('/Set-Cookie: DRVIEWER=[^;]+;.*HttpOnly/i', $r['headers']);
    }

    private function csrf(): string
    {
        $r = $this->get('device.php');
        self::assertSame(200, $r['status'], $r['body']);
        self::assertMatchesRegularExpression('/name="csrf" value="([0-9a-f]{64})"/', $r['body']);
        preg_match('/name="csrf" value="([0-9a-f]{64})"/', $r['body'], $m);
        return $m[1];
    }

    private function addSubscription(string $id, string $expire = '2099-12-31', int $active = 1, string $db = 'R'): void
    {
        self::db()->exec(
            'INSERT INTO t_subscriptions (s_objectid, s_objectname, s_expiredate, s_customername, s_appdbtype, s_active) VALUES (?, ?, ?, ?, ?, ?)',
            [$id, 'Shop ' . $id, $expire, 'Customer <b>' . $id . '</b>', $db, $active]
        );
    }

    /** Mark the device's links as accepted by the shop (what a successful report does: ObjectGuard). */
    private static function prove(string $device): void
    {
        self::db()->exec(
            'INSERT INTO t_device_verified (dv_deviceid, dv_objectid, dv_pswd)'
            . ' SELECT d_deviceid, d_objectid, d_objectpswd FROM t_devices WHERE d_deviceid = ?'
            . ' ON DUPLICATE KEY UPDATE dv_pswd = VALUES(dv_pswd)',
            [$device]
        );
    }

    private function deviceRows(string $device): array
    {
        return self::db()->all('SELECT d_objectid, d_objectname, d_objectpswd, d_timeoffset FROM t_devices WHERE d_deviceid = ? ORDER BY d_objectid', [$device]);
    }

    public function testIndexNeedsAValidDeviceId(): void
    {
        $r = $this->get('index.php');
        self::assertSame(400, $r['status']);
        self::assertStringContainsString('device', $r['body']);
        $r = $this->get('index.php?id=' . rawurlencode("x' or 1=1"));
        self::assertSame(400, $r['status']);
        $r = $this->get('device.php');
        self::assertSame(403, $r['status'], 'no device session, no objects');
        $r = $this->get('report.php?r=dayturnover&id=3769d93a');
        self::assertSame(403, $r['status']);
        self::assertStringNotContainsString('report-error', $r['body'], 'no relay without a device');
    }

    /** The wrapper app's start URL on an English Windows: Bulgarian all the same; ?lang=en switches. */
    public function testBulgarianWhateverTheBrowserAsksFor(): void
    {
        $en = ['Accept-Language: en-US,en;q=0.9'];
        $r = $this->http->request(self::url('/dreport/index.php?id=demo-phone-1'), null, $en);
        self::assertSame(303, $r['status']);
        $list = $this->http->request(self::url('/dreport/device.php'), null, $en)['body'];
        self::assertStringContainsString('<html lang="bg"', $list);
        self::assertStringContainsString('Моите обекти', $list);
        $this->http->request(self::url('/dreport/device.php?lang=en'), null, $en);
        $list = $this->http->request(self::url('/dreport/device.php'), null, ['Accept-Language: bg'])['body'];
        self::assertStringContainsString('My objects', $list, 'the explicit choice stays in the session');
    }

    public function testSeededDeviceSeesItsObjectsAndNothingElse(): void
    {
        self::db()->exec("INSERT INTO t_devices (d_deviceid, d_objectname, d_objectid, d_objectpswd) VALUES ('test-other', 'Secret shop', '0badf00d', 'x')");
        $this->open('demo-phone-1');
        $r = $this->get('device.php');
        self::assertStringContainsString('Демо Маркет', $r['body']);
        self::assertStringContainsString('Cafe Demo', $r['body']);
        self::assertStringNotContainsString('Secret shop', $r['body']);
        // Another device's object by URL: refused, and no relay is attempted.
        foreach (['rptlist.php?id=0badf00d', 'report.php?r=dayturnover&id=0badf00d', 'device.php?edit=0badf00d'] as $path) {
            $r = $this->get($path);
            self::assertStringNotContainsString('Secret shop', $r['body'], $path);
        }
        self::assertSame(404, $this->get('rptlist.php?id=0badf00d')['status']);
        self::assertSame(404, $this->get('report.php?r=dayturnover&id=0badf00d')['status']);
        self::assertSame(404, $this->get('report.php?r=nosuch&id=3769d93a')['status']);
        // Deleting another device's object fails and keeps its row.
        $this->post('device.php', ['csrf' => $this->csrf(), 'action' => 'delete', 'confirm' => '1', 'objectid' => '0badf00d']);
        self::assertCount(1, $this->deviceRows('test-other'));
    }

    public function testAddObjectRules(): void
    {
        $this->addSubscription('ee000001');
        $this->addSubscription('ee000002', '2099-12-31', 0);
        $this->open('test-phone-a');
        $csrf = $this->csrf();

        $r = $this->post('device.php', ['action' => 'add', 'objectid' => 'ee000001', 'password' => 'pw']);
        self::assertSame(422, $r['status'], 'missing CSRF token');
        self::assertStringContainsString('The form has expired', $r['body']);
        self::assertSame([], $this->deviceRows('test-phone-a'));

        $cases = [
            [['objectid' => 'ee0000ff', 'password' => 'pw'], 'No such object.'],
            [['objectid' => 'ee000002', 'password' => 'pw'], 'The object is not active.'],
            [['objectid' => "ee' or '1", 'password' => 'pw'], 'Invalid object ID.'],
            [['objectid' => 'ee000001', 'password' => ''], 'Enter the object password.'],
            [['objectid' => 'ee000001', 'password' => 'pw', 'name' => str_repeat('x', 31)], 'at most 30 characters'],
        ];
        foreach ($cases as [$fields, $msg]) {
            $r = $this->post('device.php', ['csrf' => $csrf, 'action' => 'add'] + $fields);
            self::assertSame(422, $r['status'], $msg);
            self::assertStringContainsString($msg, $r['body']);
        }
        self::assertSame([], $this->deviceRows('test-phone-a'));

        $r = $this->post('device.php', ['csrf' => $csrf, 'action' => 'add', 'objectid' => 'EE000001', 'password' => 'p@ss w0rd']);
        self::assertSame(303, $r['status']);
        $rows = $this->deviceRows('test-phone-a');
        self::assertCount(1, $rows);
        self::assertSame('ee000001', $rows[0]['d_objectid'], 'stored as in t_subscriptions');
        self::assertSame(md5('p@ss w0rd'), $rows[0]['d_objectpswd']);
        self::assertSame('ee000001', $rows[0]['d_objectname'], 'default label: the object id, not its name');
        $list = $this->get('device.php')['body'];
        self::assertStringContainsString('The object was added.', $list);
        // Nothing of the object shows before the shop has accepted its password once.
        self::assertStringNotContainsString('Shop ee000001', $list);
        self::assertStringNotContainsString('Customer', $list);
        self::assertStringNotContainsString('2099', $list);
        self::assertStringContainsString('data-objectid="ee000001"', $list);
        self::assertStringContainsString('has not confirmed the password yet', $list);
        self::prove('test-phone-a');
        self::assertSame(1, (int) self::db()->value("SELECT COUNT(*) FROM t_statistics WHERE s_opertype = 2 AND s_operid = 'ee000001'"));

        $r = $this->post('device.php', ['csrf' => $csrf, 'action' => 'add', 'objectid' => 'ee000001', 'password' => 'pw']);
        self::assertStringContainsString('already on this device', $r['body']);
        // The customer name from the shop's PC is escaped.
        self::assertStringContainsString('Customer &lt;b&gt;ee000001&lt;/b&gt;', $this->get('device.php')['body']);
        // An expired but active subscription may be added (its banner says expired).
        $r = $this->post('device.php', ['csrf' => $csrf, 'action' => 'add', 'objectid' => '0badf00d', 'password' => 'x', 'name' => 'Old']);
        self::assertSame(303, $r['status']);
        self::assertCount(2, $this->deviceRows('test-phone-a'));
    }

    /**
     * Probing which object IDs exist: 10 failed adds per device and 30 per address in 15
     * minutes, then a clear refusal.
     */
    public function testFailedAddsAreLimitedPerDeviceAndAddress(): void
    {
        self::db()->exec('DELETE FROM t_throttle');
        $this->addSubscription('ee000009');
        $this->open('test-phone-p');
        $csrf = $this->csrf();
        for ($i = 0; $i < DeviceObjects::ADD_MAX_FAILED; $i++) {
            $r = $this->post('device.php', ['csrf' => $csrf, 'action' => 'add', 'objectid' => sprintf('ee1000%02x', $i), 'password' => 'pw']);
            self::assertStringContainsString('No such object.', $r['body'], "attempt $i");
        }
        // Over the limit: even an existing object gets the refusal, and nothing is stored.
        foreach (['ee0000fe', 'ee000009'] as $id) {
            $r = $this->post('device.php', ['csrf' => $csrf, 'action' => 'add', 'objectid' => $id, 'password' => 'pw']);
            self::assertSame(422, $r['status']);
            self::assertStringContainsString('Too many failed attempts to add an object', $r['body']);
            self::assertStringNotContainsString('No such object.', $r['body']);
        }
        self::assertSame([], $this->deviceRows('test-phone-p'));
        // Another device is not affected, and successful adds never count.
        $this->open('test-phone-q');
        $csrf = $this->csrf();
        for ($i = 0; $i < DeviceObjects::ADD_MAX_FAILED + 2; $i++) {
            $this->post('device.php', ['csrf' => $csrf, 'action' => 'delete', 'confirm' => '1', 'objectid' => 'ee000009']);
            $r = $this->post('device.php', ['csrf' => $csrf, 'action' => 'add', 'objectid' => 'ee000009', 'password' => 'pw']);
            self::assertSame(303, $r['status'], "add $i");
        }
        // A fresh device ID per probe does not help: the address has 12 failures so far
        // (10 + 2 refused); 18 more on new devices reach 30, the next is refused everywhere.
        for ($i = 0; $i < DeviceObjects::ADD_MAX_FAILED_IP - 12; $i++) {
            if ($i % 5 === 0) {
                $this->open(sprintf('test-phone-r%02d', intdiv($i, 5)));
                $csrf = $this->csrf();
            }
            $r = $this->post('device.php', ['csrf' => $csrf, 'action' => 'add', 'objectid' => sprintf('ee2000%02x', $i), 'password' => 'pw']);
            self::assertStringContainsString('No such object.', $r['body'], "probe $i");
        }
        $this->open('test-phone-fresh');
        $r = $this->post('device.php', ['csrf' => $this->csrf(), 'action' => 'add', 'objectid' => 'ee0000fd', 'password' => 'pw']);
        self::assertStringContainsString('Too many failed attempts to add an object', $r['body']);
    }

    public function testRenameOffsetPasswordAndDeleteWithConfirmation(): void
    {
        $this->addSubscription('ee000003');
        self::db()->exec("INSERT INTO t_devices (d_deviceid, d_objectname, d_objectid, d_objectpswd) VALUES ('test-phone-b', 'Old name', 'ee000003', ?)", [md5('a')]);
        $this->open('test-phone-b');
        $csrf = $this->csrf();
        $r = $this->get('device.php?edit=ee000003');
        self::assertStringContainsString('value="Old name"', $r['body']);

        $r = $this->post('device.php', ['csrf' => $csrf, 'action' => 'update', 'objectid' => 'ee000003', 'name' => 'Нов', 'offset' => '99']);
        self::assertStringContainsString('between +0 and +8 hours', $r['body']);
        $r = $this->post('device.php', ['csrf' => $csrf, 'action' => 'update', 'objectid' => 'ee000003', 'name' => 'Нов', 'offset' => '-2']);
        self::assertStringContainsString('between +0 and +8 hours', $r['body'], 'the business day cannot start before midnight');
        $r = $this->post('device.php', ['csrf' => $csrf, 'action' => 'update', 'objectid' => 'ee000003', 'name' => 'Нов магазин', 'offset' => '8', 'password' => '']);
        self::assertSame(303, $r['status']);
        $row = $this->deviceRows('test-phone-b')[0];
        self::assertSame(['Нов магазин', 8, md5('a')], [$row['d_objectname'], (int) $row['d_timeoffset'], $row['d_objectpswd']]);
        $this->post('device.php', ['csrf' => $csrf, 'action' => 'update', 'objectid' => 'ee000003', 'name' => 'Нов магазин', 'offset' => '3', 'password' => 'b']);
        $row = $this->deviceRows('test-phone-b')[0];
        self::assertSame([3, md5('b')], [(int) $row['d_timeoffset'], $row['d_objectpswd']]);

        // Delete: GET does nothing, POST without confirm asks, POST with confirm deletes.
        $this->get('device.php?action=delete&objectid=ee000003');
        self::assertCount(1, $this->deviceRows('test-phone-b'));
        $r = $this->post('device.php', ['csrf' => $csrf, 'action' => 'delete', 'objectid' => 'ee000003']);
        self::assertSame(200, $r['status']);
        self::assertStringContainsString('Delete object "Нов магазин" (ee000003) from this device?', html_entity_decode($r['body'], ENT_QUOTES));
        self::assertCount(1, $this->deviceRows('test-phone-b'));
        $r = $this->post('device.php', ['csrf' => 'bad', 'action' => 'delete', 'confirm' => '1', 'objectid' => 'ee000003']);
        self::assertCount(1, $this->deviceRows('test-phone-b'), 'bad CSRF token');
        $r = $this->post('device.php', ['csrf' => $csrf, 'action' => 'delete', 'confirm' => '1', 'objectid' => 'ee000003']);
        self::assertSame(303, $r['status']);
        self::assertSame([], $this->deviceRows('test-phone-b'));
        self::assertSame(1, (int) self::db()->value("SELECT COUNT(*) FROM t_statistics WHERE s_opertype = 3 AND s_operid = 'ee000003'"));
    }

    public function testReportListBannerAndButtons(): void
    {
        $soon = \Dreport\Reports\BusinessDay::today(0)->modify('+5 days')->format('Y-m-d');
        $this->addSubscription('ee000004', $soon);
        $this->addSubscription('ee000005', '2099-01-01', 1, 'S');
        foreach (['ee000004', 'ee000005', '0badf00d', 'eeffffff'] as $oid) {
            self::db()->exec("INSERT INTO t_devices (d_deviceid, d_objectname, d_objectid, d_objectpswd) VALUES ('test-phone-c', ?, ?, 'x')", ['L' . $oid, $oid]);
        }
        $global = (int) self::db()->value("SELECT COUNT(*) FROM t_reports WHERE r_objectid = '' AND COALESCE(r_appdbtype, '') IN ('', 'R') AND r_href <> 'articles.php'");
        self::db()->exec("INSERT INTO t_reports (r_id, r_objectid, r_name, r_friendlyname_bg, r_friendlyname_en, r_href, r_appdbtype, r_order) VALUES
            (1100, 'ee000004', 'special', 'Специален', 'Special', 'report.php?r=dayturnover', 'R', 1),
            (1101, 'ee000005', 'other', 'Друг', 'Other only', 'dayturnover.php', 'RS', 1),
            (1102, '', 'evil', 'Зъл', 'Evil', 'javascript:alert(1)', 'R', 2),
            (1103, '', 'legacy', 'Стар', 'Not here yet', 'rpt_legacy_turnover.php', 'R', 3)");
        self::prove('test-phone-c');
        $this->open('test-phone-c');

        $r = $this->get('rptlist.php?id=ee000004');
        self::assertMatchesRegularExpression('/data-state="soon">The subscription expires on [0-9.]+ \(in 5 days\)/', $r['body']);
        self::assertStringContainsString('>Special<', $r['body']);
        self::assertStringNotContainsString('Other only', $r['body']);
        self::assertStringNotContainsString('javascript:', $r['body']);
        self::assertStringContainsString('class="report-button inert" aria-disabled="true" data-report="evil"', $r['body']);
        self::assertStringContainsString('href="rpt_legacy_turnover.php?id=ee000004"', $r['body'], 'never hidden because a file is missing');
        self::assertStringContainsString('href="report.php?r=dayturnover&amp;id=ee000004"', $r['body']);
        self::assertSame($global + 3, substr_count($r['body'], 'class="report-button"'), 'the global rows + 1 for this object + the legacy row + the item editing row');

        $r = $this->get('rptlist.php?id=ee000005');
        self::assertStringContainsString('Other only', $r['body'], 'RS matches an S database');
        self::assertStringNotContainsString('data-report="openbills"', $r['body'], 'R reports do not apply to S');

        $r = $this->get('rptlist.php?id=0badf00d');
        self::assertStringContainsString('data-state="expired">The subscription expired on 31.01.2020', $r['body']);
        self::assertMatchesRegularExpression('/<span class="report-button inert"[^>]*data-report="openbills"/', $r['body'], 'E-block buttons are inert when expired');
        $r = $this->get('rptlist.php?id=eeffffff');
        self::assertStringContainsString('data-state="unknown"', $r['body']);

        $r = $this->get('rptlist.php?id=ee000004&lang=bg');
        self::assertStringContainsString('ДНЕВЕН ОБОРОТ', $r['body']);
        self::assertStringContainsString('<html lang="bg">', $r['body']);
        self::assertStringContainsString('lang="bg"', $this->get('device.php')['body'], 'the choice stays in the session');
    }

    public function testMalformedParametersGetAClearAnswerNeverAWarning(): void
    {
        $this->open('demo-phone-1');
        $csrf = $this->csrf();
        $gets = [
            'report.php?r[]=dayturnover&id=3769d93a' => 404,
            'report.php?r=dayturnover&id[]=3769d93a' => 404,
            'report.php?r=groupturnover&id=3769d93a&gid[]=1&gname[]=x&gval[]=1&date[]=1&lang[]=en' => 200,
            'monthpluturnover.php?id=3769d93a&date=2026-99-99' => 200,
            'report.php?r=groups&id=3769d93a' => 404,
            'rptlist.php?id=' . str_repeat('a', 5000) => 404,
            'device.php?edit[]=3769d93a' => 200,
            'index.php?id[]=x' => 400,
        ];
        foreach ($gets as $path => $status) {
            $r = $this->get($path);
            self::assertSame($status, $r['status'], $path);
            self::assertStringContainsString('</html>', $r['body'], $path);
        }
        $posts = [
            ['action' => ['add'], 'csrf' => $csrf],
            ['action' => 'add', 'csrf' => $csrf, 'objectid' => ['x'], 'password' => ['y'], 'name' => ['z']],
            ['action' => 'update', 'csrf' => $csrf, 'objectid' => '3769d93a', 'name' => ['z'], 'offset' => ['1'], 'password' => ['p']],
            ['action' => 'delete', 'csrf' => [$csrf], 'objectid' => '3769d93a', 'confirm' => '1'],
            ['action' => 'nonsense', 'csrf' => $csrf],
        ];
        foreach ($posts as $fields) {
            $r = $this->http->request(self::url('/dreport/device.php'), http_build_query($fields));
            self::assertSame(422, $r['status'], json_encode($fields));
            self::assertStringContainsString('class="flash error"', $r['body']);
        }
        self::assertCount(2, $this->deviceRows('demo-phone-1'), 'nothing changed');
        self::assertSame('fe01ce2a7fbac8fafaed7c982a04e229', $this->deviceRows('demo-phone-1')[1]['d_objectpswd']);
        self::assertDoesNotMatchRegularExpression('/PHP (Warning|Notice|Deprecated|Fatal)/', static::$server->errorLog());
    }

    public function testUnreachableReportServerIsNeverSuccess(): void
    {
        $this->open('demo-phone-1');
        $r = $this->get('dayturnover.php?id=3769d93a&date=2026-02-31');
        self::assertSame(200, $r['status']);
        self::assertStringContainsString('client offline', $r['body']);
        self::assertStringContainsString('data-code="200"', $r['body']);
        self::assertStringNotContainsString('class="chart', $r['body']);
        self::assertStringNotContainsString('class="stats"', $r['body']);
        // The bad date fell back to the object's business today (shop clock) without an error.
        $today = \Dreport\Reports\BusinessDay::today(0);
        self::assertStringContainsString($today->format('d.m.Y'), $r['body']);
        self::assertStringContainsString('&amp;date=' . $today->modify('-7 day')->format('Y-m-d'), $r['body'], 'D7 navigation');
        self::assertGreaterThan(0, (int) self::db()->value("SELECT COUNT(*) FROM t_statistics WHERE s_opertype = 5 AND s_description LIKE 'report dayturnover%rc=200%'"));
        self::assertSame('', preg_match('/PHP (Warning|Notice|Fatal)/', static::$server->errorLog()) ? static::$server->errorLog() : '');
    }

    public function testFaviconAtTheRootAndInThePages(): void
    {
        $r = $this->http->request(self::url('/favicon.ico'));
        self::assertSame(200, $r['status']);
        self::assertStringStartsWith("\x00\x00\x01\x00", $r['body'], 'an ICO file');
        self::assertStringContainsString('<link rel="icon" href="assets/favicon.ico">', $this->get('index.php')['body']);
        self::assertSame(200, $this->get('assets/favicon.ico')['status']);
    }
}
