<?php

declare(strict_types=1);

namespace Dreport\Tests\Integration;

use Dreport\Admin\Auth;
use Dreport\Audit;
use Dreport\Tests\AdminClient;
use Dreport\Tests\Http;
use Dreport\Tests\PhpServer;
use Dreport\Tests\TestDatabase;
use Dreport\Tests\WebTestCase;

/**
 * Issue 14, finding 7, the remaining parts over real HTTP:
 * - device ids (the viewer's only credential) are masked for roles without admin rights,
 *   on every admin page that shows them, and cannot be searched by them;
 * - both php -S routers (tests' dreport/tests/router.php and `make run`'s
 *   scripts/run-router.php) refuse non-canonical paths (`/dreport//tests/…`,
 *   `/dreport//templates/…`, dot segments, encoded slashes) and everything but entry points;
 * - their access lines mask the password parameter in every spelling.
 */
final class WebHardeningTest extends WebTestCase
{
    private const DEVICE = 'a1b2c3d4e5f60718';

    private static function readerWith(string $role): AdminClient
    {
        $name = strtolower($role) . '-user';
        self::db()->exec(
            'INSERT IGNORE INTO `user` (a_role_id, a_username, a_password) SELECT r_id, ?, ? FROM role WHERE r_name = ?',
            [$name, Auth::hash('pw-' . $name), $role]
        );
        $c = new AdminClient(static::$server->baseUrl());
        self::assertSame(303, $c->login($name, 'pw-' . $name)['status']);
        return $c;
    }

    public function testDeviceIdsAreMaskedForRolesWithoutAdminRights(): void
    {
        self::db()->exec(
            "INSERT IGNORE INTO t_devices (d_deviceid, d_objectname, d_objectid, d_objectpswd) VALUES (?, 'Phone', '3769d93a', 'x')",
            [self::DEVICE]
        );
        self::db()->exec(
            'INSERT INTO t_statistics (s_opertype, s_operid, s_description) VALUES (?, ?, ?), (?, ?, ?)',
            [Audit::START_APP, self::DEVICE, 'viewer started from 127.0.0.1', Audit::ADD_OBJECT, '3769d93a', 'device ' . self::DEVICE . ' added object 3769d93a']
        );
        $pages = [
            ['devices', []],
            ['devices', ['q' => '3769d93a']],
            ['subscriptions', ['id' => '3769d93a']],
            ['events', []],
        ];
        foreach (['Reader', 'Editor'] as $role) {
            $c = self::readerWith($role);
            foreach ($pages as [$page, $params]) {
                $r = $c->get($page, $params);
                self::assertSame(200, $r['status'], "$role $page");
                self::assertStringNotContainsString(self::DEVICE, $r['body'], "$role sees a device id on $page");
                self::assertStringNotContainsString('demo-phone-1', $r['body'], "$role sees a device id on $page");
                self::assertStringContainsString('a1…18', $r['body'], "$role $page shows the masked id");
            }
            // Searching by a device id prefix finds nothing (it would be an oracle).
            $r = $c->get('devices', ['q' => 'a1b2']);
            self::assertStringContainsString('0 device link(s)', $r['body']);
        }
        $admin = self::readerWith('Admin');
        foreach ($pages as [$page, $params]) {
            self::assertStringContainsString(self::DEVICE, $admin->get($page, $params)['body'], "admin sees the id on $page");
        }
        self::assertStringContainsString('1 device link(s)', $admin->get('devices', ['q' => 'a1b2'])['body']);
    }

    /** @return list<string> */
    private static function refusedPaths(): array
    {
        return [
            '/dreport//tests/router.php',
            '/dreport//tests/bootstrap.php',
            '/dreport//templates/viewer/error.php',
            '/dreport///templates/admin/login.php',
            '/dreport//src/Config.php',
            '/dreport/./tests/router.php',
            '/dreport/assets/../tests/router.php',
            '/dreport/%2e%2e/dreport/tests/router.php',
            '/dreport/tests%2frouter.php',
            '/dreport/templates/viewer/error.php',
            '/dreport/src/Config.php',
            '/dreport/tests/router.php',
            '/dreport/phpunit.xml',
            '/dreport/phpcs.xml',
            '/dreport/.htaccess',
            '/dreport/admin/../tests/router.php',
            '/dreport/admin//index.php',
            '/schema.sql',
            '/Cargo.toml',
            '/scripts/run-router.php',
            '/dreport/index.php%00.txt',
        ];
    }

    private static function assertRouter(string $base, string $router): void
    {
        foreach (self::refusedPaths() as $path) {
            $ch = curl_init($base . $path);
            curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_PATH_AS_IS => true, CURLOPT_TIMEOUT => 10]);
            $body = (string) curl_exec($ch);
            $status = (int) curl_getinfo($ch, CURLINFO_RESPONSE_CODE);
            curl_close($ch);
            self::assertSame(404, $status, "$router serves $path");
            self::assertSame("Not found\n", $body, "$router: $path");
        }
        $http = new Http();
        self::assertSame(303, $http->request($base . '/dreport/index.php?id=demo-phone-1')['status'], "$router: viewer start");
        self::assertSame(200, $http->request($base . '/dreport/device.php')['status'], "$router: device list");
        self::assertSame(200, $http->request($base . '/dreport/assets/base.css')['status'], "$router: asset");
        self::assertSame(303, $http->request($base . '/dreport/admin/')['status'], "$router: admin redirects to login");
        self::assertSame(200, $http->request($base . '/dreport/admin/index.php?page=login')['status'], "$router: admin login");
    }

    public function testTestRouterServesOnlyCanonicalEntryPoints(): void
    {
        self::assertRouter(static::$server->baseUrl(), 'dreport/tests/router.php');
    }

    public function testMakeRunRouterServesOnlyCanonicalEntryPointsAndMasksPasswordsInItsLog(): void
    {
        $root = TestDatabase::root();
        $port = PhpServer::freePort();
        $log = (getenv('DREPORT_TEST_TMP') ?: sys_get_temp_dir()) . '/run-router-' . $port . '.log';
        // Exactly as scripts/run-local.sh starts it.
        $cmd = [PHP_BINARY, '-d', 'display_errors=0', '-q', '-S', '127.0.0.1:' . $port, '-t', $root, $root . '/scripts/run-router.php'];
        $env = static::$tdb->env() + ['PATH' => getenv('PATH') ?: '/usr/bin:/bin'];
        $proc = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['file', $log, 'a'], 2 => ['file', $log, 'a']], $pipes, $root, $env);
        self::assertIsResource($proc);
        try {
            $deadline = microtime(true) + 10;
            while (microtime(true) < $deadline && ($c = @fsockopen('127.0.0.1', $port, $e, $m, 0.2)) === false) {
                usleep(50000);
            }
            $base = 'http://127.0.0.1:' . $port;
            self::assertRouter($base, 'scripts/run-router.php');
            $r = (new Http())->request($base . '/');
            self::assertSame(302, $r['status']);
            self::assertSame('/dreport/', $r['location']);
            $secret = 'Zz-secret-' . bin2hex(random_bytes(4));
            $spellings = [
                '?u=user&p=' . $secret,
                '?u=user&p%00=' . $secret,
                '?u=user;p=' . $secret,
                '?u=user&P=' . $secret,
                '?u=user&%70=' . $secret,
                '?u=user&%2570=' . $secret,
                '?u=user&p[]=' . $secret,
                '?u=user&+p=' . $secret,
                '?u=user&p%3D' . $secret,
                '?u=user&password=' . $secret,
                '?u=user&pswd=' . $secret,
            ];
            foreach ($spellings as $q) {
                $ch = curl_init($base . '/dreport/api.php/objectinfo' . $q);
                curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_PATH_AS_IS => true, CURLOPT_TIMEOUT => 10]);
                curl_exec($ch);
                curl_close($ch);
            }
            usleep(200000);
            $text = (string) file_get_contents($log);
            self::assertStringNotContainsString('Zz-secret', $text, "password in the access log:\n" . $text);
            self::assertGreaterThanOrEqual(count($spellings), substr_count($text, '/dreport/api.php/objectinfo?u=user'), $text);
            self::assertStringContainsString('/dreport//tests/router.php', $text, 'refused requests are logged too');
        } finally {
            $st = proc_get_status($proc);
            if ($st['running']) {
                posix_kill($st['pid'], SIGTERM);
            }
            proc_close($proc);
            @unlink($log);
        }
    }
}
