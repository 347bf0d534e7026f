<?php

declare(strict_types=1);

namespace Dreport\Tests\Integration;

use Dreport\Admin\Auth;
use Dreport\Tests\AdminClient;
use Dreport\Tests\WebTestCase;

/**
 * Admin panel over real HTTP: login, throttling, roles, CSRF, the main pages and actions.
 */
final class AdminTest extends WebTestCase
{
    private static string $updates;

    protected static function serverEnv(): array
    {
        self::$updates = (getenv('DREPORT_TEST_TMP') ?: sys_get_temp_dir()) . '/updates-' . bin2hex(random_bytes(4));
        mkdir(self::$updates, 0777, true);
        return ['DREPORT_UPDATE_FOLDER' => self::$updates, 'DREPORT_UPLOAD_MAX_BYTES' => '1000'];
    }

    public static function setUpBeforeClass(): void
    {
        parent::setUpBeforeClass();
        $db = self::db();
        foreach (['reader' => 'Reader', 'author' => 'Author', 'editor' => 'Editor'] as $u => $role) {
            $db->exec(
                'INSERT INTO `user` (a_role_id, a_username, a_password) SELECT r_id, ?, ? FROM role WHERE r_name = ?',
                [$u, Auth::hash($u . '-pass1'), $role]
            );
        }
        $db->exec("INSERT INTO role (r_name, r_can_read) VALUES ('Nobody', 0)");
        $db->exec("INSERT INTO `user` (a_role_id, a_username, a_password) SELECT r_id, 'nobody', ? FROM role WHERE r_name = 'Nobody'", [Auth::hash('nobody-pass1')]);
    }

    public static function tearDownAfterClass(): void
    {
        parent::tearDownAfterClass();
        if (isset(self::$updates) && is_dir(self::$updates)) {
            array_map('unlink', glob(self::$updates . '/{,.}[!.]*', GLOB_BRACE) ?: []);
            rmdir(self::$updates);
        }
    }

    private function admin(): AdminClient
    {
        $c = new AdminClient(static::$server->baseUrl());
        $r = $c->login('admin', 'admin123');
        self::assertSame(303, $r['status'], $r['body']);
        return $c;
    }

    private function as(string $user): AdminClient
    {
        $c = new AdminClient(static::$server->baseUrl());
        $r = $c->login($user, $user . '-pass1');
        self::assertSame(303, $r['status'], "login $user");
        return $c;
    }

    public function testLoginLogoutAndAudit(): void
    {
        $c = new AdminClient(static::$server->baseUrl());
        $r = $c->get('dashboard');
        self::assertSame(303, $r['status']);
        self::assertStringContainsString('page=login', (string) $r['location']);
        $r = $c->login('admin', 'wrong');
        self::assertSame(401, $r['status']);
        self::assertStringContainsString('Wrong username or password', $r['body']);
        $r = $c->login('admin', 'admin123');
        self::assertSame(303, $r['status']);
        self::assertMatchesRegularExpression('/Set-Cookie: DREPORTADMIN=[^;]+;.*HttpOnly; SameSite=Lax/i', $r['headers']);
        $r = $c->get('dashboard');
        self::assertSame(200, $r['status']);
        self::assertStringContainsString('id="whoami">admin (Admin)', $r['body']);
        self::assertGreaterThan(0, (int) self::db()->value("SELECT COUNT(*) FROM t_statistics WHERE s_opertype = 101 AND s_operid = 'admin'"));
        // Logout needs POST with the token.
        $r = $c->get('logout');
        self::assertSame(405, $r['status']);
        $r = $c->post('logout', ['do' => 'x'], false);
        self::assertSame(403, $r['status']);
        $r = $c->post('logout', []);
        self::assertSame(303, $r['status']);
        self::assertSame(303, $c->get('dashboard')['status']);
    }

    public function testLegacyPasswordIsAcceptedAndRehashed(): void
    {
        self::db()->exec(
            "INSERT INTO `user` (a_role_id, a_username, a_password) VALUES (1, 'legacy', ?)",
            ['!!!' . password_hash('old-secret', PASSWORD_BCRYPT, ['cost' => 4])]
        );
        $c = new AdminClient(static::$server->baseUrl());
        self::assertSame(303, $c->login('legacy', 'old-secret')['status']);
        $stored = (string) self::db()->value("SELECT a_password FROM `user` WHERE a_username = 'legacy'");
        self::assertStringStartsNotWith('!!!', $stored);
        self::assertTrue(password_verify('old-secret', $stored));
        self::assertFalse(password_needs_rehash($stored, PASSWORD_BCRYPT));
        self::assertSame(303, (new AdminClient(static::$server->baseUrl()))->login('legacy', 'old-secret')['status']);
    }

    public function testLoginThrottlingAndForgedForwardedFor(): void
    {
        self::db()->exec("INSERT INTO `user` (a_role_id, a_username, a_password) VALUES (4, 'victim', ?)", [Auth::hash('victim-pass1')]);
        for ($i = 0; $i < Auth::MAX_PER_USER; $i++) {
            // A forged X-Forwarded-For must not spread the failures over fake addresses.
            $c = new AdminClient(static::$server->baseUrl(), ['X-Forwarded-For: 198.51.100.' . $i]);
            self::assertSame(401, $c->login('victim', 'guess' . $i)['status']);
        }
        $r = (new AdminClient(static::$server->baseUrl()))->login('victim', 'victim-pass1');
        self::assertSame(401, $r['status']);
        self::assertStringContainsString('Too many failed logins', $r['body']);
        self::assertSame(Auth::MAX_PER_USER, (int) self::db()->value(
            "SELECT COUNT(*) FROM t_statistics WHERE s_opertype = 142 AND s_operid = 'victim' AND s_description = 'Login failed from 127.0.0.1'"
        ));
        // The REST whitelist page shows the real peer, not the forged header.
        $c = new AdminClient(static::$server->baseUrl(), ['X-Forwarded-For: 10.9.9.9']);
        $c->login('admin', 'admin123');
        self::assertStringContainsString('Your address: 127.0.0.1', $c->get('restip')['body']);
    }

    public function testSubscriptionSearch(): void
    {
        $c = $this->admin();
        $ids = static function (array $r): array {
            preg_match_all('/<tr data-objectid="([^"]+)"/', $r['body'], $m);
            sort($m[1]);
            return $m[1];
        };
        self::assertSame(['3769d93a'], $ids($c->get('subscriptions', ['q' => 'Демо Маркет'])));
        self::assertSame(['1a2b3c4d'], $ids($c->get('subscriptions', ['q' => '200000002'])));
        self::assertSame(['0badf00d'], $ids($c->get('subscriptions', ['q' => '0badf00d'])));
        self::assertSame(['0badf00d'], $ids($c->get('subscriptions', ['status' => 'expired'])));
        self::assertSame([], $ids($c->get('subscriptions', ['q' => '%'])));
        self::assertSame([], $ids($c->get('subscriptions', ['q' => '_'])));
        self::assertCount(3, $ids($c->get('subscriptions')));
    }

    public function testSubscriptionRenewalAndActivation(): void
    {
        self::db()->exec("UPDATE t_subscriptions SET s_expiredate = '2020-01-31', s_active = 1 WHERE s_objectid = '0badf00d'");
        $c = $this->admin();
        $r = $c->post('subscriptions', ['do' => 'renew', 'id' => '0badf00d', 'months' => '12']);
        self::assertSame(303, $r['status']);
        $expected = (new \DateTimeImmutable('today'))->modify('+12 months')->format('Y-m-d');
        self::assertSame($expected, self::db()->value("SELECT s_expiredate FROM t_subscriptions WHERE s_objectid = '0badf00d'"));
        self::assertStringContainsString('renewed until ' . $expected, $c->follow($r)['body']);
        $log = self::db()->one("SELECT * FROM t_statistics WHERE s_opertype = 136 ORDER BY s_id DESC LIMIT 1");
        self::assertSame('admin', $log['s_operid']);
        self::assertStringContainsString('0badf00d renewed: expiry 2020-01-31 -> ' . $expected, $log['s_description']);

        $r = $c->post('subscriptions', ['do' => 'renew', 'id' => '0badf00d', 'expiredate' => '2030-02-30']);
        self::assertStringContainsString('Invalid date', $c->follow($r)['body']);
        self::assertSame($expected, self::db()->value("SELECT s_expiredate FROM t_subscriptions WHERE s_objectid = '0badf00d'"));
        $c->post('subscriptions', ['do' => 'renew', 'id' => '0badf00d', 'expiredate' => '2031-6-7']);
        self::assertSame('2031-06-07', self::db()->value("SELECT s_expiredate FROM t_subscriptions WHERE s_objectid = '0badf00d'"));

        $c->post('subscriptions', ['do' => 'activate', 'id' => '0badf00d', 'active' => '0']);
        self::assertSame(0, (int) self::db()->value("SELECT s_active FROM t_subscriptions WHERE s_objectid = '0badf00d'"));
        $c->post('subscriptions', ['do' => 'activate', 'id' => '0badf00d', 'active' => '1']);
        self::assertSame(1, (int) self::db()->value("SELECT s_active FROM t_subscriptions WHERE s_objectid = '0badf00d'"));
        self::assertSame(404, $c->post('subscriptions', ['do' => 'renew', 'id' => 'ffffffff', 'months' => '1'])['status']);

        $r = $c->post('subscriptions', [
            'do' => 'save', 'id' => '1a2b3c4d', 'objectname' => 'Cafe 2', 'customername' => 'Cafe Demo', 'eik' => '200000002',
            'address' => 'x', 'expiredate' => '2099-12-31', 'active' => '1', 'comment' => 'edited',
        ]);
        self::assertSame(303, $r['status']);
        self::assertSame('Cafe 2', self::db()->value("SELECT s_objectname FROM t_subscriptions WHERE s_objectid = '1a2b3c4d'"));
    }

    public function testPostsWithoutValidCsrfTokenChangeNothing(): void
    {
        $c = $this->admin();
        $before = self::db()->value("SELECT s_expiredate FROM t_subscriptions WHERE s_objectid = '3769d93a'");
        foreach ([null, '', str_repeat('0', 64), 'x'] as $tok) {
            $fields = ['do' => 'renew', 'id' => '3769d93a', 'expiredate' => '2040-01-01'];
            if ($tok !== null) {
                $fields['csrf'] = $tok;
            }
            $r = $c->post('subscriptions', $fields, false);
            self::assertSame(403, $r['status']);
            self::assertStringContainsString('CSRF', $r['body']);
        }
        foreach (['settings' => ['do' => 'save', 'name' => 'log_level', 'value' => '0'], 'users' => ['do' => 'delete', 'id' => '1'], 'restip' => ['do' => 'add', 'ip' => '0.0.0.0/0']] as $page => $f) {
            self::assertSame(403, $c->post($page, $f, false)['status'], $page);
        }
        self::assertSame($before, self::db()->value("SELECT s_expiredate FROM t_subscriptions WHERE s_objectid = '3769d93a'"));
        self::assertSame(0, (int) self::db()->value("SELECT COUNT(*) FROM t_restip WHERE r_ip = '0.0.0.0/0'"));
        // Login itself needs the token too (login CSRF).
        $anon = new AdminClient(static::$server->baseUrl());
        $r = $anon->http->request($anon->url('login'), ['username' => 'admin', 'password' => 'admin123']);
        self::assertSame(401, $r['status']);
        self::assertStringContainsString('expired', $r['body']);
    }

    public function testRolesAreEnforcedOnEveryPageAndAction(): void
    {
        $reader = $this->as('reader');
        foreach (['dashboard', 'subscriptions', 'devices', 'events', 'activity', 'clienterrors', 'reports', 'updates', 'clients'] as $p) {
            self::assertSame(200, $reader->get($p)['status'], "reader may read $p");
        }
        foreach (['users', 'roles', 'settings', 'restip'] as $p) {
            $r = $reader->get($p);
            self::assertSame(403, $r['status'], "reader refused $p");
            self::assertStringContainsString('Access denied', $r['body']);
        }
        $nav = $reader->get('dashboard')['body'];
        self::assertStringNotContainsString('page=users', $nav);
        $token = AdminClient::token($nav);
        $attempts = [
            ['subscriptions', ['do' => 'renew', 'id' => '3769d93a', 'months' => '1']],
            ['subscriptions', ['do' => 'delete', 'id' => '3769d93a']],
            ['devices', ['do' => 'add', 'deviceid' => 'x', 'objectid' => '3769d93a', 'password' => 'p']],
            ['reports', ['do' => 'delete', 'id' => '1']],
            ['users', ['do' => 'add', 'username' => 'evil', 'password' => 'evil-pass1', 'role_id' => '4']],
            ['updates', ['do' => 'delete', 'name' => 'x']],
        ];
        foreach ($attempts as [$page, $fields]) {
            $r = $reader->post($page, $fields + ['csrf' => $token], false);
            self::assertSame(403, $r['status'], "reader refused $page " . $fields['do']);
        }
        self::assertSame(0, (int) self::db()->value("SELECT COUNT(*) FROM `user` WHERE a_username = 'evil'"));
        self::assertSame(1, (int) self::db()->value("SELECT COUNT(*) FROM t_subscriptions WHERE s_objectid = '3769d93a'"));

        $author = $this->as('author');
        $r = $author->post('devices', ['do' => 'add', 'deviceid' => 'author-phone', 'objectid' => '3769d93a', 'password' => 'pw', 'timeoffset' => '2']);
        self::assertSame(303, $r['status']);
        $id = (int) self::db()->value("SELECT d_id FROM t_devices WHERE d_deviceid = 'author-phone'");
        self::assertGreaterThan(0, $id);
        self::assertSame(md5('pw'), self::db()->value('SELECT d_objectpswd FROM t_devices WHERE d_id = ?', [$id]));
        self::assertSame(403, $author->post('devices', ['do' => 'delete', 'id' => (string) $id])['status']);
        self::assertSame(403, $author->post('subscriptions', ['do' => 'renew', 'id' => '3769d93a', 'months' => '1'])['status']);

        $editor = $this->as('editor');
        self::assertSame(303, $editor->post('devices', ['do' => 'delete', 'id' => (string) $id])['status']);
        self::assertSame(303, $editor->post('subscriptions', ['do' => 'activate', 'id' => '1a2b3c4d', 'active' => '1'])['status']);
        self::assertSame(403, $editor->post('subscriptions', ['do' => 'delete', 'id' => '1a2b3c4d'])['status']);
        self::assertSame(403, $editor->get('settings')['status']);

        $nobody = $this->as('nobody');
        self::assertSame(403, $nobody->get('dashboard')['status']);
        self::assertSame(403, $nobody->get('subscriptions')['status']);

        // A role change takes effect on the next request of a live session.
        self::db()->exec("UPDATE `user` SET a_role_id = 4 WHERE a_username = 'reader'");
        self::assertSame(200, $reader->get('users')['status']);
        self::db()->exec("UPDATE `user` SET a_role_id = 1 WHERE a_username = 'reader'");
        self::assertSame(403, $reader->get('users')['status']);
    }

    public function testStoredXssThroughCustomerAndHostNames(): void
    {
        $evil = [
            'customername' => '<script>alert("c")</script>',
            'hostname' => '"><img src=x onerror=alert(1)>',
            'objectname' => "<svg onload=alert('o')>",
        ];
        $http = new \Dreport\Tests\Http();
        $r = $http->request(static::$server->baseUrl() . '/dreport/api.php/objectinfo?' . http_build_query([
            'objectid' => '-1', 'eik' => '1', 'appip' => '1.1.1.1', 'apptype' => 'a', 'appver' => '1', 'appdbtype' => 'R',
        ] + $evil));
        $id = $r['json']['objectid'];
        self::db()->exec(
            "INSERT INTO t_devices (d_deviceid, d_objectname, d_objectid) VALUES ('<b>dev</b>', '<i>lbl</i>', ?)",
            [$id]
        );
        self::db()->exec(
            "INSERT INTO t_relay_log (rl_uid, rl_objectid, rl_report, rl_caller, rl_started_at, rl_duration_ms, rl_resultcode, rl_request_bytes, rl_answer_bytes)"
            . " VALUES (UUID(), ?, '<script>r</script>', '<script>x</script>', NOW(3), 5, 0, 10, 20)",
            [$id]
        );
        self::db()->exec(
            'INSERT INTO t_client_errors (ce_uid, ce_objectid, ce_host, ce_peer_ip, ce_text, ce_created_at)'
            . " VALUES (UUID(), ?, '<b>errhost</b>', '10.0.0.1', 'Грешка <script>alert(\"e\")</script>\nline 2', NOW(3))",
            [$id]
        );
        self::db()->exec(
            'INSERT INTO t_client_connections (cc_uid, cc_objectid, cc_host, cc_peer_ip, cc_app, cc_version, cc_connected_at)'
            . " VALUES (UUID(), ?, '<b>connhost</b>', '10.0.0.1', '<i>app</i>', '1', NOW(3))",
            [$id]
        );
        $c = $this->admin();
        $pages = [
            ['clienterrors', []],
            ['clienterrors', ['objectid' => $id]],
            ['subscriptions', ['q' => $id]],
            ['subscriptions', ['id' => $id]],
            ['devices', ['q' => '<b>dev</b>']],
            ['activity', []],
            ['events', []],
            ['dashboard', []],
        ];
        foreach ($pages as [$page, $params]) {
            $body = $c->get($page, $params)['body'];
            foreach (
                ['<script>alert', '<img src=x', '<svg onload', '<b>dev</b>', '<i>lbl</i>', '<script>r<', '<script>x<',
                    '<b>errhost', '<b>connhost', '<i>app'] as $raw
            ) {
                self::assertStringNotContainsString($raw, $body, "$page must escape $raw");
            }
        }
        $body = $c->get('subscriptions', ['id' => $id])['body'];
        self::assertStringContainsString('&lt;script&gt;alert(&quot;c&quot;)&lt;/script&gt;', $body);
        self::assertStringContainsString('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;', $body);
        self::assertStringContainsString("Content-Security-Policy: default-src 'self'", $c->get('dashboard')['headers']);
        $errors = $c->get('clienterrors', ['objectid' => $id])['body'];
        self::assertStringContainsString('Грешка &lt;script&gt;alert(&quot;e&quot;)&lt;/script&gt;<br />', $errors);
        self::assertStringContainsString('&lt;b&gt;connhost&lt;/b&gt;', $body);
    }

    public function testSqlInjectionInEveryAdminParameter(): void
    {
        $c = $this->admin();
        $payloads = ["' OR '1'='1", "1; DROP TABLE t_subscriptions; --", "1' UNION SELECT a_password,2,3 FROM `user` -- ", "\\' OR 1=1#"];
        $getParams = [
            'subscriptions' => ['q', 'status', 'p', 'id'],
            'devices' => ['q', 'p', 'edit'],
            'events' => ['type', 'operid', 'from', 'to', 'before', 'after'],
            'activity' => ['objectid', 'report', 'result', 'from', 'to', 'before', 'after'],
            'reports' => ['edit', 'new'],
            'users' => ['edit'],
            'dashboard' => ['days'],
            'clients' => ['q', 'offline'],
            'clienterrors' => ['objectid', 'from', 'to', 'before', 'after'],
            'page' => ['x'],
        ];
        $counts = fn (): array => [
            (int) self::db()->value('SELECT COUNT(*) FROM t_subscriptions'),
            (int) self::db()->value('SELECT COUNT(*) FROM `user`'),
            (int) self::db()->value('SELECT COUNT(*) FROM t_devices'),
        ];
        $before = $counts();
        foreach ($payloads as $p) {
            foreach ($getParams as $page => $names) {
                foreach ($names as $n) {
                    $r = $c->get($page, [$n => $p]);
                    self::assertContains($r['status'], [200, 404], "$page?$n=$p");
                    self::assertStringNotContainsString('$2y$', $r['body']);
                    self::assertStringNotContainsString('SQLSTATE', $r['body']);
                }
            }
            $posts = [
                ['subscriptions', ['do' => 'renew', 'id' => $p, 'months' => '1']],
                ['subscriptions', ['do' => 'renew', 'id' => '3769d93a', 'expiredate' => $p]],
                ['subscriptions', ['do' => 'renew', 'id' => '3769d93a', 'months' => $p]],
                ['subscriptions', ['do' => 'activate', 'id' => '3769d93a', 'active' => $p]],
                ['subscriptions', ['do' => 'delete', 'id' => $p]],
                ['devices', ['do' => 'add', 'deviceid' => 'sqli', 'objectid' => $p, 'password' => 'x']],
                ['devices', ['do' => 'delete', 'id' => $p]],
                ['devices', ['do' => 'save', 'id' => $p]],
                ['reports', ['do' => 'delete', 'id' => $p]],
                ['reports', ['do' => 'add', 'name' => $p]],
                ['users', ['do' => 'delete', 'id' => $p]],
                ['users', ['do' => 'add', 'username' => $p, 'password' => 'longpassword', 'role_id' => '1']],
                ['users', ['do' => 'add', 'username' => 'sqliuser', 'password' => 'longpassword', 'role_id' => $p]],
                ['roles', ['do' => 'delete', 'id' => $p]],
                ['restip', ['do' => 'add', 'ip' => $p]],
                ['restip', ['do' => 'delete', 'id' => $p]],
                ['settings', ['do' => 'save', 'name' => $p, 'value' => '1']],
                ['settings', ['do' => 'save', 'name' => 'log_level', 'value' => $p]],
                ['settings', ['do' => 'delete', 'name' => $p]],
                ['updates', ['do' => 'delete', 'name' => $p]],
                ['subscriptions', ['do' => $p]],
            ];
            foreach ($posts as [$page, $f]) {
                $r = $c->post($page, $f);
                self::assertContains($r['status'], [303, 400, 404], "$page " . json_encode($f) . ': ' . $r['status']);
            }
            // Free text is stored literally.
            $c->post('devices', ['do' => 'add', 'deviceid' => 'sqli-dev', 'objectid' => '1a2b3c4d', 'objectname' => mb_substr($p, 0, 30), 'password' => 'x']);
            self::assertSame(mb_substr($p, 0, 30), self::db()->value("SELECT d_objectname FROM t_devices WHERE d_deviceid = 'sqli-dev'"));
            self::db()->exec("DELETE FROM t_devices WHERE d_deviceid = 'sqli-dev'");
        }
        self::assertSame($before, $counts());
        self::assertSame('3', self::db()->value("SELECT s_value FROM t_settings WHERE s_name = 'log_level'"));
        self::assertStringNotContainsString('PHP Fatal', static::$server->errorLog());
    }

    public function testUsersRolesSettingsAndWhitelist(): void
    {
        $c = $this->admin();
        $r = $c->post('users', ['do' => 'add', 'username' => 'operator1', 'password' => 'short', 'role_id' => '1']);
        self::assertStringContainsString('at least 8', $c->follow($r)['body']);
        $c->post('users', ['do' => 'add', 'username' => 'operator1', 'password' => 'operator-pw', 'role_id' => '3', 'first_name' => 'Op']);
        $hash = (string) self::db()->value("SELECT a_password FROM `user` WHERE a_username = 'operator1'");
        self::assertTrue(password_verify('operator-pw', $hash));
        self::assertStringStartsWith('$2y$', $hash);
        $r = $c->post('users', ['do' => 'add', 'username' => 'operator1', 'password' => 'operator-pw', 'role_id' => '3']);
        self::assertStringContainsString('is taken', $c->follow($r)['body']);
        $adminId = (int) self::db()->value("SELECT a_id FROM `user` WHERE a_username = 'admin'");
        $r = $c->post('users', ['do' => 'delete', 'id' => (string) $adminId]);
        self::assertStringContainsString('cannot delete your own', $c->follow($r)['body']);
        $r = $c->post('users', ['do' => 'save', 'id' => (string) $adminId, 'role_id' => '1']);
        self::assertStringContainsString('cannot take the admin role', $c->follow($r)['body']);
        self::assertSame(1, (int) self::db()->value("SELECT COUNT(*) FROM t_statistics WHERE s_opertype = 105 AND s_operid = 'admin' AND s_description LIKE '%operator1%'"));

        $r = $c->post('roles', ['do' => 'delete', 'id' => '3']);
        self::assertStringContainsString('still assigned', $c->follow($r)['body']);
        $c->post('roles', ['do' => 'add', 'name' => 'Auditor', 'r_can_read' => '1']);
        self::assertSame(1, (int) self::db()->value("SELECT r_can_read FROM role WHERE r_name = 'Auditor'"));
        self::assertSame(0, (int) self::db()->value("SELECT r_can_admin FROM role WHERE r_name = 'Auditor'"));

        $page = $c->get('settings')['body'];
        self::assertStringNotContainsString('pass$123', $page, 'secrets are never shown');
        $r = $c->post('settings', ['do' => 'save', 'name' => 'log_level', 'value' => '7']);
        self::assertStringContainsString('Invalid value', $c->follow($r)['body']);
        $c->post('settings', ['do' => 'save', 'name' => 'rpt_server_pswd', 'value' => '']);
        self::assertSame('pass$123', self::db()->value("SELECT s_value FROM t_settings WHERE s_name = 'rpt_server_pswd'"));
        $c->post('settings', ['do' => 'save', 'name' => 'trial_days', 'value' => '14']);
        self::assertSame('14', self::db()->value("SELECT s_value FROM t_settings WHERE s_name = 'trial_days'"));
        $log = (string) self::db()->value("SELECT s_description FROM t_statistics WHERE s_opertype = 121 ORDER BY s_id DESC LIMIT 1");
        self::assertSame('Setting trial_days "30" -> "14"', $log);

        $r = $c->post('restip', ['do' => 'add', 'ip' => '10.0.0.300']);
        self::assertStringContainsString('Not an IPv4/IPv6', $c->follow($r)['body']);
        $c->post('restip', ['do' => 'add', 'ip' => '2001:0DB8:0:0::1', 'comment' => 'billing v6']);
        $c->post('restip', ['do' => 'add', 'ip' => '192.168.0.0/16']);
        self::assertSame(1, (int) self::db()->value("SELECT COUNT(*) FROM t_restip WHERE r_ip = '2001:db8::1'"));
        self::assertSame(1, (int) self::db()->value("SELECT COUNT(*) FROM t_restip WHERE r_ip = '192.168.0.0/16'"));
    }

    public function testReportCatalogue(): void
    {
        $c = $this->admin();
        $c->post('reports', ['do' => 'add', 'name' => 'stock', 'friendlyname_bg' => 'Наличност', 'friendlyname_en' => 'Stock',
            'href' => 'report.php?r=stock', 'appdbtype' => 'R', 'order' => '80', 'color' => '#123456', 'textcolor' => '#fff']);
        $id = (int) self::db()->value("SELECT r_id FROM t_reports WHERE r_name = 'stock'");
        self::assertGreaterThan(7, $id);
        $r = $c->post('reports', ['do' => 'save', 'id' => (string) $id, 'name' => 'stock', 'href' => 'javascript:alert(1)']);
        self::assertStringContainsString('relative link', $c->follow($r)['body']);
        $c->post('reports', ['do' => 'save', 'id' => (string) $id, 'name' => 'stock', 'objectid' => '3769d93a', 'href' => 'report.php?r=stock', 'order' => '5']);
        self::assertSame('3769d93a', self::db()->value('SELECT r_objectid FROM t_reports WHERE r_id = ?', [$id]));
        $c->post('reports', ['do' => 'delete', 'id' => (string) $id]);
        self::assertNull(self::db()->value('SELECT r_id FROM t_reports WHERE r_id = ?', [$id]));
        self::assertSame(3, (int) self::db()->value("SELECT COUNT(*) FROM t_statistics WHERE s_opertype IN (130, 131, 132) AND s_operid = 'admin'"));
    }

    public function testUpdateFiles(): void
    {
        $c = $this->admin();
        $tmp = tempnam(getenv('DREPORT_TEST_TMP') ?: sys_get_temp_dir(), 'up');
        file_put_contents($tmp, str_repeat('A', 500));
        $r = $c->post('updates', ['do' => 'upload'], true, ['file' => [$tmp, 'application/octet-stream', 'BosClient-1.0.0.6.zip']]);
        self::assertSame(303, $r['status']);
        self::assertStringContainsString('uploaded', $c->follow($r)['body']);
        self::assertSame(500, filesize(self::$updates . '/BosClient-1.0.0.6.zip'));
        $r = $c->post('updates', ['do' => 'upload'], true, ['file' => [$tmp, 'application/octet-stream', 'BosClient-1.0.0.6.zip']]);
        self::assertStringContainsString('exists already', $c->follow($r)['body']);
        foreach (['.htaccess', 'a b.exe', 'x;rm -rf.txt', '..', 'évil.zip'] as $bad) {
            $r = $c->post('updates', ['do' => 'upload'], true, ['file' => [$tmp, 'application/octet-stream', $bad]]);
            self::assertStringContainsString('Unsafe file name', $c->follow($r)['body'], $bad);
        }
        file_put_contents($tmp, str_repeat('B', 1001));
        $r = $c->post('updates', ['do' => 'upload'], true, ['file' => [$tmp, 'application/octet-stream', 'big.zip']]);
        self::assertStringContainsString('too large', $c->follow($r)['body']);
        self::assertFileDoesNotExist(self::$updates . '/big.zip');
        unlink($tmp);
        $list = $c->get('updates')['body'];
        self::assertStringContainsString('BosClient-1.0.0.6.zip', $list);
        self::assertStringContainsString(md5(str_repeat('A', 500)), $list);
        file_put_contents(dirname(self::$updates) . '/outside.txt', 'keep');
        foreach (['../outside.txt', '/etc/passwd', 'BosClient-1.0.0.6.zip/..'] as $bad) {
            $r = $c->post('updates', ['do' => 'delete', 'name' => $bad]);
            self::assertStringContainsString('No such update file', $c->follow($r)['body']);
        }
        self::assertFileExists(dirname(self::$updates) . '/outside.txt');
        unlink(dirname(self::$updates) . '/outside.txt');
        $c->post('updates', ['do' => 'delete', 'name' => 'BosClient-1.0.0.6.zip']);
        self::assertFileDoesNotExist(self::$updates . '/BosClient-1.0.0.6.zip');
        self::assertSame(2, (int) self::db()->value("SELECT COUNT(*) FROM t_statistics WHERE s_opertype IN (140, 141) AND s_operid = 'admin'"));
        self::assertSame(403, $this->as('reader')->post('updates', ['do' => 'upload'])['status']);
    }

    public function testLiveClientsAndDashboardWhenServerUnreachable(): void
    {
        self::db()->exec("UPDATE t_settings SET s_value = ? WHERE s_name = 'rpt_server_port'", [(string) \Dreport\Tests\PhpServer::freePort()]);
        $c = $this->admin();
        $r = $c->get('clients');
        self::assertSame(200, $r['status']);
        self::assertStringContainsString('id="clients-error">The report server is not reachable', $r['body']);
        $r = $c->get('dashboard');
        self::assertStringContainsString('id="server-unreachable"', $r['body']);
    }

    public function testDashboardChartsFromHistoryTables(): void
    {
        $db = self::db();
        $h = date('Y-m-d H:00:00');
        $db->exec('DELETE FROM t_client_connections');
        $db->exec('DELETE FROM t_relay_log');
        foreach (['aaaa0001', 'aaaa0002', 'aaaa0003'] as $i => $obj) {
            $db->exec(
                'INSERT INTO t_client_connections (cc_uid, cc_objectid, cc_host, cc_connected_at, cc_disconnected_at) VALUES (UUID(), ?, ?, ?, ?)',
                [$obj, 'H' . $i, date('Y-m-d H:i:s', strtotime($h) - 7200 + 300), $i === 0 ? date('Y-m-d H:i:s', strtotime($h) - 7200 + 1800) : null]
            );
        }
        for ($i = 0; $i < 7; $i++) {
            $db->exec(
                'INSERT INTO t_relay_log (rl_uid, rl_objectid, rl_report, rl_caller, rl_started_at, rl_duration_ms, rl_resultcode, rl_request_bytes, rl_answer_bytes)'
                . ' VALUES (UUID(), ?, ?, ?, ?, ?, ?, 100, 200)',
                ['aaaa0002', 'dayturnover', '127.0.0.1', $h, 10 + $i, $i < 2 ? 200 : 0]
            );
        }
        $hist = new \Dreport\Admin\History($db);
        $hours = \Dreport\Admin\History::hours(3);
        self::assertSame($h, $hours[2]);
        self::assertSame([3, 2, 2], $hist->clientsOnline($hours), 'one client left within the first hour');
        $rel = $hist->relaysPerHour($hours);
        self::assertSame([0, 0, 7], $rel['total']);
        self::assertSame([0, 0, 2], $rel['failed']);
        $body = $this->admin()->get('dashboard', ['days' => '1'])['body'];
        self::assertStringContainsString('<svg', $body);
        self::assertStringContainsString(': 7</title>', $body);
        $act = $this->admin()->get('activity', ['result' => 'error'])['body'];
        self::assertSame(2, substr_count($act, '<span class="badge bad">200</span>'));
    }

    public function testDatabaseDownShowsAGenericErrorAndLeaksNothing(): void
    {
        // display_errors=1 on the command line: the front controller must switch it off itself.
        $down = self::extraServer(['DB_PORT' => (string) \Dreport\Tests\PhpServer::freePort()], '127.0.0.1', true);
        $c = new AdminClient($down->baseUrl());
        $r = $c->get('login');
        self::assertSame(500, $r['status']);
        self::assertStringContainsString('Internal error', $r['body']);
        foreach (['SQLSTATE', 'PDO', 'Warning', 'Stack trace', '/work/', 'crs'] as $leak) {
            self::assertStringNotContainsString($leak, $r['body'], $leak);
        }
        $r = (new \Dreport\Tests\Http())->request($down->baseUrl() . '/dreport/api.php/objectinfo?objectid=-1');
        self::assertSame(500, $r['status']);
        self::assertSame(['result' => 2, 'message' => 'Database error'], $r['json']);
        self::assertStringContainsString('dreport admin: PDOException', $down->errorLog(), 'logged, not shown');
    }
}
