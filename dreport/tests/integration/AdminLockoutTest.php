<?php

declare(strict_types=1);

namespace Dreport\Tests\Integration;

use Dreport\Admin\Auth;
use Dreport\Tests\AdminClient;
use Dreport\Tests\PhpServer;
use Dreport\Tests\WebTestCase;
use Dreport\Throttle;

/**
 * The admin lock-out over real HTTP (php -S with several workers, real MariaDB):
 * - the counter is atomic: 40 simultaneous wrong logins (parallel curl, one session each)
 *   check at most MAX_PER_USER passwords (issue 14: 9 got through before);
 * - it is per trusted client address: behind a configured proxy, 20 failures from one
 *   forwarded client lock that client, not everyone else behind the proxy; without a
 *   trusted proxy a forged X-Forwarded-For changes nothing.
 */
final class AdminLockoutTest extends WebTestCase
{
    protected function setUp(): void
    {
        // Each test starts with no counters and no failed-login rows.
        self::db()->exec('DELETE FROM t_throttle');
        self::db()->exec('DELETE FROM t_statistics WHERE s_opertype = 142');
    }

    private static function parallelServer(array $env = []): PhpServer
    {
        return self::extraServer($env + ['PHP_CLI_SERVER_WORKERS' => '8']);
    }

    public function testCountersCountReleaseAndStartANewWindow(): void
    {
        $t = new Throttle(self::db());
        self::assertSame([1, 2, 3], [$t->hit('k', 900), $t->hit('k', 900), $t->hit('k', 900)]);
        self::assertSame(0, $t->lockedFor('k', 4, 900));
        self::assertGreaterThan(890, $t->lockedFor('k', 3, 900));
        $t->release('k');
        self::assertSame(0, $t->lockedFor('k', 3, 900));
        self::assertSame(3, $t->hit('k', 900));
        // The window began 901 s ago: the next attempt starts a new one at 1.
        self::db()->exec("UPDATE t_throttle SET th_window_start = NOW() - INTERVAL 901 SECOND WHERE th_key = 'k'");
        self::assertSame(0, $t->lockedFor('k', 3, 900));
        self::assertSame(1, $t->hit('k', 900));
        $long = str_repeat('ж', 200);
        self::assertSame(1, $t->hit($long, 900));
        self::assertSame(2, $t->hit($long, 900), 'a long key is hashed, not truncated into another');
        self::assertSame(1, $t->hit(str_repeat('ж', 199) . 'x', 900));
        $t->reset('k');
        self::assertSame(0, (int) self::db()->value("SELECT COUNT(*) FROM t_throttle WHERE th_key = 'k'"));
        self::db()->exec("UPDATE t_throttle SET th_window_start = NOW() - INTERVAL 2 DAY");
        self::assertSame(2, $t->prune());
    }

    public function testFortyParallelGuessesCheckAtMostFivePasswords(): void
    {
        self::db()->exec("INSERT INTO `user` (a_role_id, a_username, a_password) VALUES (4, 'racer', ?)", [Auth::hash('racer-pass-1')]);
        $server = self::parallelServer();
        $n = 40;
        // One session (cookie jar + CSRF token) per attempt: PHP's session lock would
        // otherwise serialise them.
        $jars = [];
        $tokens = [];
        for ($i = 0; $i < $n; $i++) {
            $jars[$i] = (string) tempnam(getenv('DREPORT_TEST_TMP') ?: sys_get_temp_dir(), 'jar');
            $ch = curl_init($server->baseUrl() . '/dreport/admin/index.php?page=login');
            curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_COOKIEJAR => $jars[$i], CURLOPT_COOKIEFILE => $jars[$i]]);
            $tokens[$i] = AdminClient::token((string) curl_exec($ch));
            curl_close($ch);
            self::assertNotSame('', $tokens[$i]);
        }
        $mh = curl_multi_init();
        $handles = [];
        for ($i = 0; $i < $n; $i++) {
            $ch = curl_init($server->baseUrl() . '/dreport/admin/index.php?page=login');
            curl_setopt_array($ch, [
                CURLOPT_RETURNTRANSFER => true,
                CURLOPT_COOKIEFILE => $jars[$i],
                CURLOPT_POSTFIELDS => http_build_query(['csrf' => $tokens[$i], 'username' => 'racer', 'password' => 'wrong-' . $i]),
                CURLOPT_TIMEOUT => 60,
            ]);
            curl_multi_add_handle($mh, $ch);
            $handles[] = $ch;
        }
        $started = microtime(true);
        do {
            $status = curl_multi_exec($mh, $running);
            if ($running > 0) {
                curl_multi_select($mh, 1.0);
            }
        } while ($running > 0 && $status === CURLM_OK);
        $checked = 0;
        $locked = 0;
        foreach ($handles as $ch) {
            $body = (string) curl_multi_getcontent($ch);
            $checked += str_contains($body, 'Wrong username or password') ? 1 : 0;
            $locked += str_contains($body, 'Too many failed logins') ? 1 : 0;
            curl_multi_remove_handle($mh, $ch);
            curl_close($ch);
        }
        curl_multi_close($mh);
        foreach ($jars as $j) {
            @unlink($j);
        }
        fwrite(STDERR, sprintf("\n[lockout] %d parallel wrong logins in %.2f s: %d passwords checked, %d locked out\n", $n, microtime(true) - $started, $checked, $locked));
        self::assertSame($n, $checked + $locked, 'every attempt got one of the two answers');
        self::assertLessThanOrEqual(Auth::MAX_PER_USER, $checked);
        self::assertGreaterThanOrEqual(1, $checked);
        self::assertSame($checked, (int) self::db()->value("SELECT COUNT(*) FROM t_statistics WHERE s_opertype = 142 AND s_operid = 'racer'"));
        // Locked now, even with the right password.
        $r = (new AdminClient($server->baseUrl()))->login('racer', 'racer-pass-1');
        self::assertSame(401, $r['status']);
        self::assertStringContainsString('Too many failed logins', $r['body']);
    }

    public function testLockoutIsPerForwardedClientBehindATrustedProxy(): void
    {
        self::db()->exec("INSERT INTO `user` (a_role_id, a_username, a_password) VALUES (4, 'office', ?)", [Auth::hash('office-pass-1')]);
        $proxy = self::extraServer(['DREPORT_TRUSTED_PROXIES' => '127.0.0.1']);
        $attacker = ['X-Forwarded-For: 198.51.100.7'];
        // MAX_PER_IP failures spread over usernames (none reaches the per-user limit).
        for ($i = 0; $i < Auth::MAX_PER_IP; $i++) {
            $r = (new AdminClient($proxy->baseUrl(), $attacker))->login('nobody' . intdiv($i, 2), 'x');
            self::assertStringContainsString('Wrong username or password', $r['body'], "attempt $i");
        }
        $r = (new AdminClient($proxy->baseUrl(), $attacker))->login('office', 'office-pass-1');
        self::assertStringContainsString('Too many failed logins', $r['body'], 'the attacking client is locked');
        // Another client behind the same proxy logs in.
        $r = (new AdminClient($proxy->baseUrl(), ['X-Forwarded-For: 203.0.113.9']))->login('office', 'office-pass-1');
        self::assertSame(303, $r['status'], $r['body']);
        self::assertSame(Auth::MAX_PER_IP, (int) self::db()->value(
            "SELECT COUNT(*) FROM t_statistics WHERE s_opertype = 142 AND s_description = 'Login failed from 198.51.100.7'"
        ));
    }

    public function testWithoutATrustedProxyForgedForwardedForDoesNotEscapeTheLock(): void
    {
        // This server trusts no proxy: it sees everyone as 127.0.0.1, whatever the header says.
        for ($i = 0; $i < Auth::MAX_PER_IP; $i++) {
            $c = new AdminClient(static::$server->baseUrl(), ['X-Forwarded-For: 192.0.2.' . $i]);
            $c->login('spray' . intdiv($i, 2), 'x');
        }
        $r = (new AdminClient(static::$server->baseUrl(), ['X-Forwarded-For: 192.0.2.200']))->login('admin', 'admin123');
        self::assertStringContainsString('Too many failed logins', $r['body']);
        self::assertSame(Auth::MAX_PER_IP, (int) self::db()->value(
            "SELECT COUNT(*) FROM t_statistics WHERE s_opertype = 142 AND s_description = 'Login failed from 127.0.0.1'"
        ));
    }
}
