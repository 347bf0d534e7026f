<?php

declare(strict_types=1);

namespace Dreport\Tests\Integration;

use Dreport\Tests\Http;
use Dreport\Tests\WebTestCase;

/**
 * The auth REST API over real HTTP (`php -S`) against a real MariaDB (http-api.md §4).
 */
final class ApiTest extends WebTestCase
{
    private Http $http;

    /** A complete, valid /objectinfo parameter set. */
    private const INFO = [
        'objectname' => 'Магазин 7', 'customername' => 'Тест ЕООД', 'eik' => '123456789',
        'address' => 'София', 'hostname' => 'SHOP7', 'appip' => '10.0.0.7',
        'apptype' => 'EBOCloudReportSvc.exe', 'appver' => '1.0.0.5', 'appdbtype' => 'R',
        'comment' => 'first',
    ];

    protected function setUp(): void
    {
        $this->http = new Http();
        self::db()->exec("UPDATE t_settings SET s_value = '3' WHERE s_name = 'log_level'");
        self::db()->exec("DELETE FROM t_restip WHERE r_ip NOT IN ('127.0.0.1', '::1')");
        self::db()->exec("INSERT INTO t_restip (r_ip) SELECT '127.0.0.1' FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM t_restip WHERE r_ip = '127.0.0.1')");
    }

    /** @param array<string,string> $q */
    private function get(string $route, array $q = [], array $headers = [], ?string $base = null): array
    {
        $url = ($base ?? static::$server->baseUrl()) . '/dreport/api.php' . $route . ($q ? '?' . http_build_query($q) : '');
        $r = $this->http->request($url, null, $headers);
        self::assertStringContainsString('application/json', $r['headers'], 'every answer is JSON: ' . $r['body']);
        self::assertIsArray($r['json'], 'body must be JSON: ' . $r['body']);
        self::assertArrayHasKey('result', $r['json']);
        self::assertStringNotContainsString('<b>', $r['body']);
        return $r;
    }

    public function testRootAnswers(): void
    {
        $r = $this->get('/');
        self::assertSame(200, $r['status']);
        self::assertSame(0, $r['json']['result']);
        $r = $this->get('');
        self::assertSame(0, $r['json']['result']);
    }

    public function testObjectInfoCreatesTrialSubscription(): void
    {
        self::db()->exec("REPLACE INTO t_settings (s_name, s_value) VALUES ('trial_days', '10')");
        $before = (int) self::db()->value('SELECT COUNT(*) FROM t_statistics WHERE s_opertype = 4');
        $r = $this->get('/objectinfo', ['objectid' => '-1'] + self::INFO);
        self::assertSame(200, $r['status']);
        $j = $r['json'];
        self::assertSame(0, $j['result']);
        self::assertSame('OK', $j['message']);
        self::assertMatchesRegularExpression('/^[0-9a-f]{8}$/', $j['objectid']);
        self::assertSame(date('Y-m-d', strtotime('+10 days')), $j['expiredate']);
        self::assertSame('1', $j['active']);
        self::assertSame('Магазин 7', $j['objectname']);
        foreach (['createdate', 'lastupdatedate', 'appip', 'apptype', 'appver', 'appdbtype'] as $k) {
            self::assertArrayHasKey($k, $j);
        }
        $row = self::db()->one('SELECT * FROM t_subscriptions WHERE s_objectid = ?', [$j['objectid']]);
        self::assertSame('Тест ЕООД', $row['s_customername']);
        self::assertSame('SHOP7', $row['s_hostname']);
        self::assertSame(1, (int) $row['s_active']);
        self::assertSame($before + 1, (int) self::db()->value('SELECT COUNT(*) FROM t_statistics WHERE s_opertype = 4'));
        self::assertSame(1, (int) self::db()->value('SELECT COUNT(*) FROM t_statistics WHERE s_opertype = 4 AND s_operid = ?', [$j['objectid']]));

        // trial_days missing or <= 0 → 30 days
        self::db()->exec("UPDATE t_settings SET s_value = '0' WHERE s_name = 'trial_days'");
        $r = $this->get('/objectinfo', ['objectid' => '-1'] + self::INFO);
        self::assertSame(date('Y-m-d', strtotime('+30 days')), $r['json']['expiredate']);
        self::assertNotSame($j['objectid'], $r['json']['objectid']);
        self::db()->exec("UPDATE t_settings SET s_value = '30' WHERE s_name = 'trial_days'");
    }

    public function testObjectInfoUpdatesButNeverTouchesExpiryOrActive(): void
    {
        self::db()->exec("UPDATE t_subscriptions SET s_active = 0, s_expiredate = '2021-03-04' WHERE s_objectid = '0badf00d'");
        $r = $this->get('/objectinfo', ['objectid' => '0badf00d', 'hostname' => 'NEWHOST', 'appver' => '2.0.0.1'] + self::INFO);
        self::assertSame(0, $r['json']['result']);
        self::assertSame('0badf00d', $r['json']['objectid']);
        self::assertSame('2021-03-04', $r['json']['expiredate']);
        self::assertSame('0', $r['json']['active']);
        $row = self::db()->one('SELECT * FROM t_subscriptions WHERE s_objectid = ?', ['0badf00d']);
        self::assertSame('NEWHOST', $row['s_hostname']);
        self::assertSame('2.0.0.1', $row['s_appver']);
        self::assertSame('2021-03-04', $row['s_expiredate']);
        self::assertSame(0, (int) $row['s_active']);
        self::assertNotNull($row['s_lastupdatedate']);
    }

    public function testObjectInfoUnknownAndMissing(): void
    {
        $r = $this->get('/objectinfo', ['objectid' => 'deadbeef'] + self::INFO);
        self::assertSame(['result' => 3, 'message' => 'Error object not found'], $r['json']);
        $r = $this->get('/objectinfo', ['objectid' => '-1', 'objectname' => 'x', 'eik' => '  ']);
        self::assertSame(400, $r['status']);
        self::assertSame(400, $r['json']['result']);
        self::assertSame(
            'Required field(s) customername, eik, hostname, appip, apptype, appver, appdbtype is(are) missing or empty',
            $r['json']['message']
        );
        $r = $this->get('/objectinfo', ['objectid' => ['x'], 'objectname' => ['y']]);
        self::assertSame(400, $r['status']);
    }

    public function testLongAndCp1251ValuesAreStoredSafely(): void
    {
        $cp = (string) mb_convert_encoding('Кафе', 'Windows-1251', 'UTF-8');
        $r = $this->get('/objectinfo', ['objectid' => '-1'] + ['customername' => $cp, 'hostname' => str_repeat('H', 300)] + self::INFO);
        self::assertSame(0, $r['json']['result']);
        $row = self::db()->one('SELECT s_customername, s_hostname FROM t_subscriptions WHERE s_objectid = ?', [$r['json']['objectid']]);
        self::assertSame('Кафе', $row['s_customername']);
        self::assertSame(64, strlen((string) $row['s_hostname']));
    }

    public function testSubscriptionInfo(): void
    {
        $r = $this->get('/subscriptioninfo', ['objectid' => '3769d93a']);
        $j = $r['json'];
        self::assertSame(0, $j['result']);
        self::assertSame('Демо Маркет ООД', $j['customername']);
        self::assertSame('2099-12-31', $j['expiredate']);
        self::assertSame('1', $j['active']);
        foreach (
            ['objectid', 'objectname', 'customername', 'eik', 'address', 'hostname', 'expiredate', 'active',
                'createdate', 'lastupdatedate', 'appip', 'apptype', 'appver', 'appdbtype', 'comment'] as $k
        ) {
            self::assertArrayHasKey($k, $j);
        }
        $r = $this->get('/subscriptioninfo', ['objectid' => 'ffffffff']);
        self::assertSame(['result' => 1, 'message' => 'Object not found.'], $r['json']);
        $r = $this->get('/subscriptioninfo');
        self::assertSame(400, $r['status']);
    }

    public function testSubscribeObject(): void
    {
        $r = $this->get('/subscribeobject', ['objectid' => '1a2b3c4d', 'expiredate' => '2031-2-3', 'comment' => 'paid']);
        self::assertSame(['result' => 0, 'message' => 'Subscription updated for Objectid: 1a2b3c4d', 'objectid' => '1a2b3c4d'], $r['json']);
        $row = self::db()->one('SELECT * FROM t_subscriptions WHERE s_objectid = ?', ['1a2b3c4d']);
        self::assertSame('2031-02-03', $row['s_expiredate']);
        self::assertSame('paid', $row['s_comment']);
        $r = $this->get('/subscribeobject', ['objectid' => '1a2b3c4d', 'active' => '0']);
        self::assertSame(0, $r['json']['result']);
        self::assertSame(0, (int) self::db()->value('SELECT s_active FROM t_subscriptions WHERE s_objectid = ?', ['1a2b3c4d']));
        self::assertSame('2031-02-03', self::db()->value('SELECT s_expiredate FROM t_subscriptions WHERE s_objectid = ?', ['1a2b3c4d']));
        $this->get('/subscribeobject', ['objectid' => '1a2b3c4d', 'active' => '1', 'expiredate' => '2099-12-31']);

        foreach (['2031-02-30', '31-12-2030', '2031/01/01', 'tomorrow', '2031-1-1 00:00'] as $bad) {
            $r = $this->get('/subscribeobject', ['objectid' => '1a2b3c4d', 'expiredate' => $bad]);
            self::assertSame(400, $r['status'], $bad);
        }
        foreach (['2', '-1', 'yes', '1 '] as $bad) {
            $r = $this->get('/subscribeobject', ['objectid' => '1a2b3c4d', 'active' => $bad . 'x']);
            self::assertSame(400, $r['status'], $bad);
        }
        $r = $this->get('/subscribeobject', ['objectid' => '1a2b3c4d']);
        self::assertSame(400, $r['status']);
        $r = $this->get('/subscribeobject', ['objectid' => 'ffffffff', 'active' => '1']);
        self::assertSame(['result' => 1, 'message' => 'Object not found.'], $r['json']);
        self::assertSame('2099-12-31', self::db()->value('SELECT s_expiredate FROM t_subscriptions WHERE s_objectid = ?', ['1a2b3c4d']));
    }

    public function testUnknownRouteIsJson404(): void
    {
        $r = $this->get('/nosuch', ['a' => '<script>']);
        self::assertSame(404, $r['status']);
        self::assertSame(404, $r['json']['result']);
    }

    public function testIpWhitelistAndForgedForwardedFor(): void
    {
        self::db()->exec("DELETE FROM t_restip WHERE r_ip = '127.0.0.1'");
        self::db()->exec("INSERT INTO t_restip (r_ip, r_comment) VALUES ('203.0.113.5', 'billing')");
        try {
            $r = $this->get('/subscriptioninfo', ['objectid' => '3769d93a']);
            self::assertSame(400, $r['status']);
            self::assertSame(['result' => 1, 'message' => 'IP is not allowed: 127.0.0.1'], $r['json']);
            // A forged X-Forwarded-For from an untrusted peer changes nothing.
            $r = $this->get('/subscriptioninfo', ['objectid' => '3769d93a'], ['X-Forwarded-For: 203.0.113.5']);
            self::assertSame(1, $r['json']['result']);
            self::assertSame('IP is not allowed: 127.0.0.1', $r['json']['message']);
            self::assertGreaterThan(0, (int) self::db()->value(
                "SELECT COUNT(*) FROM t_statistics WHERE s_opertype = 4 AND s_description LIKE '%IP not allowed%'"
            ));

            // Behind a trusted proxy (127.0.0.1) the forwarded address is the caller.
            $proxied = self::extraServer(['DREPORT_TRUSTED_PROXIES' => '127.0.0.1'])->baseUrl();
            $r = $this->get('/subscriptioninfo', ['objectid' => '3769d93a'], ['X-Forwarded-For: 203.0.113.5'], $proxied);
            self::assertSame(0, $r['json']['result']);
            $r = $this->get('/subscriptioninfo', ['objectid' => '3769d93a'], ['X-Forwarded-For: 203.0.113.5, 198.51.100.1'], $proxied);
            self::assertSame('IP is not allowed: 198.51.100.1', $r['json']['message']);
            $r = $this->get('/subscriptioninfo', ['objectid' => '3769d93a'], ['X-Forwarded-For: 203.0.113.5 OR 1=1'], $proxied);
            self::assertSame(1, $r['json']['result']);
        } finally {
            self::db()->exec("DELETE FROM t_restip WHERE r_ip = '203.0.113.5'");
            self::db()->exec("INSERT INTO t_restip (r_ip) VALUES ('127.0.0.1')");
        }
    }

    public function testIpv6Whitelist(): void
    {
        $v6 = self::extraServer([], '::1')->baseUrl();
        $r = $this->get('/subscriptioninfo', ['objectid' => '3769d93a'], [], $v6);
        self::assertSame(0, $r['json']['result'], 'seeded ::1 is allowed');
        self::db()->exec("UPDATE t_restip SET r_ip = 'fd00::1' WHERE r_ip = '::1'");
        try {
            $r = $this->get('/subscriptioninfo', ['objectid' => '3769d93a'], [], $v6);
            self::assertSame(['result' => 1, 'message' => 'IP is not allowed: ::1'], $r['json']);
            self::db()->exec("UPDATE t_restip SET r_ip = '::/0' WHERE r_ip = 'fd00::1'");
            $r = $this->get('/subscriptioninfo', ['objectid' => '3769d93a'], [], $v6);
            self::assertSame(0, $r['json']['result'], 'IPv6 CIDR rule');
        } finally {
            self::db()->exec("UPDATE t_restip SET r_ip = '::1' WHERE r_ip IN ('fd00::1', '::/0')");
        }
    }

    public function testSqlInjectionInEveryParameter(): void
    {
        $payloads = ["' OR '1'='1", "1'; DROP TABLE t_subscriptions; -- ", '3769d93a" OR 1=1 #', "\\'; UPDATE t_subscriptions SET s_active=0; --"];
        $count = (int) self::db()->value('SELECT COUNT(*) FROM t_subscriptions');
        $inactive = (int) self::db()->value('SELECT COUNT(*) FROM t_subscriptions WHERE s_active = 0');
        foreach ($payloads as $p) {
            foreach (['/subscriptioninfo', '/subscribeobject', '/objectinfo'] as $route) {
                $r = $this->get($route, ['objectid' => $p, 'expiredate' => '2030-1-1'] + self::INFO);
                self::assertContains($r['json']['result'], [1, 3], "$route objectid=$p");
            }
            $r = $this->get('/subscribeobject', ['objectid' => '3769d93a', 'expiredate' => $p]);
            self::assertSame(400, $r['status']);
            $r = $this->get('/subscribeobject', ['objectid' => '3769d93a', 'active' => $p]);
            self::assertSame(400, $r['status']);
            // Text fields are stored literally, never executed.
            foreach (array_keys(self::INFO) as $field) {
                $r = $this->get('/objectinfo', ['objectid' => '1a2b3c4d', $field => $p] + self::INFO);
                self::assertSame(0, $r['json']['result'], "$field=$p");
            }
            $row = self::db()->one('SELECT s_comment FROM t_subscriptions WHERE s_objectid = ?', ['1a2b3c4d']);
            self::assertSame(trim($p), $row['s_comment']);
        }
        self::assertSame($count, (int) self::db()->value('SELECT COUNT(*) FROM t_subscriptions'));
        self::assertSame($inactive, (int) self::db()->value('SELECT COUNT(*) FROM t_subscriptions WHERE s_active = 0'));
    }

    public function testLogLevelZeroWritesNothing(): void
    {
        self::db()->exec("UPDATE t_settings SET s_value = '0' WHERE s_name = 'log_level'");
        $before = (int) self::db()->value('SELECT COUNT(*) FROM t_statistics');
        $this->get('/subscriptioninfo', ['objectid' => '3769d93a']);
        self::assertSame($before, (int) self::db()->value('SELECT COUNT(*) FROM t_statistics'));
    }

    public function testDatabaseDownIsJsonResultTwo(): void
    {
        $down = self::extraServer(['DB_PORT' => (string) \Dreport\Tests\PhpServer::freePort()])->baseUrl();
        $r = $this->get('/subscriptioninfo', ['objectid' => '3769d93a'], [], $down);
        self::assertSame(500, $r['status']);
        self::assertSame(['result' => 2, 'message' => 'Database error'], $r['json']);
    }
}
