<?php

declare(strict_types=1);

namespace Dreport\Tests\Integration;

use Dreport\Audit;
use Dreport\Tests\AdminClient;
use Dreport\Tests\Http;
use Dreport\Tests\ReportServer;
use Dreport\Tests\WebTestCase;
use Dreport\Viewer\ObjectGuard;

/**
 * Guessing a shop's password through the viewer (issue 14, finding 7), end to end: php -S,
 * the real report server and a real bos-client (demo mode answers 1004 to a wrong Pass).
 * - an added object shows nothing of itself (name, customer, expiry) until a report succeeds;
 * - MAX_PER_DEVICE wrong passwords lock the device's unproven links: no relay goes out, no
 *   new password is taken, and the event log gets one alert row;
 * - MAX_PER_OBJECT wrong passwords (over several devices) lock the object's unproven links
 *   even for a new device with the right password, while a proven device keeps working.
 */
final class ObjectPasswordTest extends WebTestCase
{
    private const OBJECT = '3769d93a';
    private static ?ReportServer $crs = null;
    private static string $viewer = '';

    public static function setUpBeforeClass(): void
    {
        self::skipUnlessReportServerBuilt();
        parent::setUpBeforeClass();
        self::$crs = self::reportServerWithShop('viewer', 'viewer-pass', [
            '--object-id' => self::OBJECT, '--object-name' => 'Демо Маркет - център', '--poll-ms' => '50',
        ]);
        $db = static::$tdb->db();
        $db->exec("UPDATE t_settings SET s_value = 'viewer' WHERE s_name = 'rpt_server_user'");
        $db->exec("UPDATE t_settings SET s_value = 'viewer-pass' WHERE s_name = 'rpt_server_pswd'");
        self::$viewer = self::extraServer(['REPORT_SERVER_URL' => self::$crs->baseUrl()])->baseUrl();
    }

    /** @return array{0:Http,1:string} a device session and its CSRF token */
    private function device(string $id): array
    {
        $http = new Http();
        $r = $http->request(self::$viewer . '/dreport/index.php?id=' . $id . '&lang=en');
        self::assertSame(303, $r['status']);
        $page = $http->request(self::$viewer . '/dreport/device.php');
        self::assertSame(1, preg_match('/name="csrf" value="([0-9a-f]{64})"/', $page['body'], $m));
        return [$http, $m[1]];
    }

    private function report(Http $http): array
    {
        return $http->request(self::$viewer . '/dreport/report.php?r=dayturnover&id=' . self::OBJECT);
    }

    /** The relay log's count once it reaches $n (rows land asynchronously), or what it is after 10 s. */
    private function relaysReaching(int $n): int
    {
        $deadline = microtime(true) + 10;
        do {
            $count = (int) self::db()->value('SELECT COUNT(*) FROM t_relay_log WHERE rl_objectid = ?', [self::OBJECT]);
            if ($count >= $n) {
                return $count;
            }
            usleep(50000);
        } while (microtime(true) < $deadline);
        return $count;
    }

    private function relays(): int
    {
        // The report server writes t_relay_log asynchronously: wait until it settles.
        $last = -1;
        for ($i = 0; $i < 40; $i++) {
            $n = (int) self::db()->value('SELECT COUNT(*) FROM t_relay_log WHERE rl_objectid = ?', [self::OBJECT]);
            if ($n === $last) {
                return $n;
            }
            $last = $n;
            usleep(150000);
        }
        return $last;
    }

    public function testTheFirstSuccessfulReportProvesTheLinkAndOnlyThenTheObjectShows(): void
    {
        [$http, $csrf] = $this->device('test-proof-1');
        $r = $http->request(self::$viewer . '/dreport/device.php', ['csrf' => $csrf, 'action' => 'add', 'objectid' => self::OBJECT, 'password' => 'demo']);
        self::assertSame(303, $r['status'], $r['body']);
        foreach (['device.php', 'rptlist.php?id=' . self::OBJECT] as $page) {
            $body = $http->request(self::$viewer . '/dreport/' . $page)['body'];
            self::assertStringNotContainsString('Демо Маркет', $body, $page);
            self::assertStringNotContainsString('2099', $body, $page);
            self::assertStringContainsString('has not confirmed the password yet', $body, $page);
        }
        $r = $this->report($http);
        self::assertSame(200, $r['status']);
        self::assertStringNotContainsString('report-error', $r['body'], 'the right password: data');
        self::assertSame(1, (int) self::db()->value(
            'SELECT COUNT(*) FROM t_device_verified WHERE dv_deviceid = ? AND dv_objectid = ? AND dv_pswd = ?',
            ['test-proof-1', self::OBJECT, md5('demo')]
        ));
        $body = $http->request(self::$viewer . '/dreport/device.php')['body'];
        self::assertStringContainsString('Демо Маркет ООД', $body, 'proven: the customer shows');
        // A new password makes the link unproven again.
        $http->request(self::$viewer . '/dreport/device.php', ['csrf' => $csrf, 'action' => 'update', 'objectid' => self::OBJECT, 'name' => 'x', 'offset' => '0', 'password' => 'other']);
        self::assertStringNotContainsString('Демо Маркет ООД', $http->request(self::$viewer . '/dreport/device.php')['body']);
        self::db()->exec("DELETE FROM t_devices WHERE d_deviceid = 'test-proof-1'");
    }

    public function testWrongPasswordsLockTheDeviceThenTheObjectAndAlert(): void
    {
        self::db()->exec('DELETE FROM t_throttle');
        // The alarm is written whatever the log level (0 writes no other audit row).
        self::db()->exec("UPDATE t_settings SET s_value = '0' WHERE s_name = 'log_level'");
        // Guesser A: MAX_PER_DEVICE wrong passwords, one report each.
        [$a, $csrfA] = $this->device('test-guess-a');
        $a->request(self::$viewer . '/dreport/device.php', ['csrf' => $csrfA, 'action' => 'add', 'objectid' => self::OBJECT, 'password' => 'guess-0']);
        $before = $this->relays();
        $started = microtime(true);
        for ($i = 0; $i < ObjectGuard::MAX_PER_DEVICE; $i++) {
            if ($i > 0) {
                $r = $a->request(self::$viewer . '/dreport/device.php', ['csrf' => $csrfA, 'action' => 'update', 'objectid' => self::OBJECT, 'name' => 'g', 'offset' => '0', 'password' => 'guess-' . $i]);
                self::assertSame(303, $r['status'], "new password $i taken");
            }
            $r = $this->report($a);
            self::assertMatchesRegularExpression('/data-code="1004"/', $r['body'], "guess $i answered 1004");
        }
        fwrite(STDERR, sprintf("\n[viewer] %d wrong object passwords in %.2f s, then locked\n", ObjectGuard::MAX_PER_DEVICE, microtime(true) - $started));
        // Every guess reached the shop: exactly MAX_PER_DEVICE relays (waited for, not sampled).
        $relays = $this->relaysReaching($before + ObjectGuard::MAX_PER_DEVICE);
        self::assertSame($before + ObjectGuard::MAX_PER_DEVICE, $relays, 'each guess was one relay');
        $r = $this->report($a);
        self::assertSame(429, $r['status'], 'locked: no relay');
        self::assertStringContainsString('Too many wrong passwords', $r['body']);
        $r = $a->request(self::$viewer . '/dreport/device.php', ['csrf' => $csrfA, 'action' => 'update', 'objectid' => self::OBJECT, 'name' => 'g', 'offset' => '0', 'password' => 'demo']);
        self::assertSame(422, $r['status'], 'locked: no new password either');
        self::assertStringContainsString('Too many wrong passwords', $r['body']);
        self::assertSame($relays, $this->relays(), 'nothing reached the shop while locked');
        $alerts = self::db()->all('SELECT s_operid, s_description FROM t_statistics WHERE s_opertype = ?', [Audit::OBJECT_PASSWORD_GUESSING]);
        self::assertCount(1, $alerts);
        self::assertSame(self::OBJECT, $alerts[0]['s_operid']);
        self::assertStringContainsString('device test-guess-a', $alerts[0]['s_description']);
        self::assertSame(1, (int) self::db()->value('SELECT COUNT(*) FROM t_opertype WHERE o_opertype_id = ?', [Audit::OBJECT_PASSWORD_GUESSING]), 'the event log names the type');

        // Guesser B brings the object to MAX_PER_OBJECT.
        [$b, $csrfB] = $this->device('test-guess-b');
        $b->request(self::$viewer . '/dreport/device.php', ['csrf' => $csrfB, 'action' => 'add', 'objectid' => self::OBJECT, 'password' => 'b-0']);
        for ($i = 0; $i < ObjectGuard::MAX_PER_OBJECT - ObjectGuard::MAX_PER_DEVICE; $i++) {
            if ($i > 0) {
                $b->request(self::$viewer . '/dreport/device.php', ['csrf' => $csrfB, 'action' => 'update', 'objectid' => self::OBJECT, 'name' => 'g', 'offset' => '0', 'password' => 'b-' . $i]);
            }
            self::assertMatchesRegularExpression('/data-code="1004"/', $this->report($b)['body']);
        }
        self::assertSame(3, (int) self::db()->value('SELECT COUNT(*) FROM t_statistics WHERE s_opertype = ?', [Audit::OBJECT_PASSWORD_GUESSING]), 'device B and the object each alert once');

        // A new device with the RIGHT password is refused while the object is locked ...
        [$c, $csrfC] = $this->device('test-guess-c');
        $r = $c->request(self::$viewer . '/dreport/device.php', ['csrf' => $csrfC, 'action' => 'add', 'objectid' => self::OBJECT, 'password' => 'demo']);
        self::assertSame(422, $r['status']);
        self::db()->exec("INSERT INTO t_devices (d_deviceid, d_objectname, d_objectid, d_objectpswd) VALUES ('test-guess-c', 'c', ?, ?)", [self::OBJECT, md5('demo')]);
        self::assertSame(429, $this->report($c)['status']);
        // The admin dashboard raises the alarm.
        $admin = new AdminClient(static::$server->baseUrl());
        self::assertSame(303, $admin->login('admin', 'admin123')['status']);
        self::assertMatchesRegularExpression('/id="password-guessing"><strong>3 object-password guessing alert/', $admin->get('dashboard')['body']);
        // ... while the seeded, proven device keeps its reports.
        [$owner] = $this->device('demo-phone-1');
        $r = $this->report($owner);
        self::assertSame(200, $r['status']);
        self::assertStringNotContainsString('report-error', $r['body']);
    }
}
