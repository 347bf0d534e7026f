<?php

declare(strict_types=1);

namespace Dreport\Tests\Viewer;

use Dreport\Tests\Http;
use Dreport\Tests\WebTestCase;

/**
 * items.php over real HTTP (`php -S`) against a real MariaDB, for every rule that is
 * decided before the shop is asked: CSRF, the device owns the object, the operator login
 * stored encrypted (and never shown or logged), the key from the configuration, the
 * subscription, the old item URLs. The report server is unreachable here, so a change
 * that got past these rules would end as "client offline" (never as success).
 * The whole chain against the Firebird shop is dreport/tests/browser/items.e2e.mjs.
 */
final class ItemsWebTest extends WebTestCase
{
    private const KEY = 'test-key-0123456789-abcdefghijklmnopqrstuvwxyz';
    private const SECRET = 'Op3r@tor-Pässword';
    private Http $http;

    protected static function serverEnv(): array
    {
        return ['REPORT_SERVER_URL' => 'http://127.0.0.1:1', 'DREPORT_SECRET_KEY' => self::KEY];
    }

    protected function setUp(): void
    {
        $this->http = new Http();
        $db = self::db();
        $db->exec("DELETE FROM t_devices WHERE d_deviceid LIKE 'itest-%'");
        $db->exec("DELETE FROM t_subscriptions WHERE s_objectid LIKE 'ee%'");
        $db->exec("UPDATE t_settings SET s_value = '3' WHERE s_name = 'log_level'");
        $db->exec(
            "INSERT INTO t_subscriptions (s_objectid, s_objectname, s_expiredate, s_customername, s_active) VALUES
             ('ee100001', 'Shop A', '2099-12-31', 'A', 1), ('ee100002', 'Shop B', '2099-12-31', 'B', 1),
             ('ee100003', 'Shop C', '2020-01-31', 'C', 1)"
        );
        $db->exec(
            "INSERT INTO t_devices (d_deviceid, d_objectname, d_objectid, d_objectpswd) VALUES
             ('itest-phone', 'Shop A', 'ee100001', MD5('a')), ('itest-other', 'Shop B', 'ee100002', MD5('b')),
             ('itest-phone', 'Shop C', 'ee100003', MD5('c'))"
        );
        $r = $this->get('index.php?id=itest-phone&lang=en');
        self::assertSame(303, $r['status']);
    }

    private function get(string $path): array
    {
        return $this->http->request(self::url('/dreport/' . $path));
    }

    private function post(array $fields): array
    {
        return $this->http->request(self::url('/dreport/items.php'), $fields);
    }

    private function csrf(): string
    {
        $r = $this->get('items.php?id=ee100001&view=operator');
        self::assertSame(200, $r['status'], $r['body']);
        self::assertSame(1, preg_match('/name="csrf" value="([0-9a-f]{64})"/', $r['body'], $m));
        return $m[1];
    }

    private function events(int $type): array
    {
        return self::db()->all('SELECT s_operid, s_description FROM t_statistics WHERE s_opertype = ? ORDER BY s_id', [$type]);
    }

    public function testOperatorLoginIsStoredEncryptedAndNeverShownOrLogged(): void
    {
        $csrf = $this->csrf();
        $r = $this->post(['csrf' => $csrf, 'action' => 'operator', 'id' => 'ee100001', 'username' => 'ivan', 'password' => self::SECRET]);
        self::assertSame(303, $r['status']);
        $row = self::db()->one("SELECT d_editUsername, d_editPassword FROM t_devices WHERE d_deviceid = 'itest-phone' AND d_objectid = 'ee100001'");
        self::assertSame('ivan', $row['d_editUsername']);
        self::assertStringStartsWith('s1:', $row['d_editPassword']);
        self::assertStringNotContainsString(self::SECRET, $row['d_editPassword']);
        self::assertStringNotContainsString(base64_encode(self::SECRET), $row['d_editPassword']);
        $page = $this->get('items.php?id=ee100001&view=operator');
        self::assertStringContainsString('Current operator: ivan', $page['body']);
        self::assertStringContainsString('could not be checked now', $page['body'], 'shop offline: saved, not confirmed');
        self::assertStringNotContainsString(self::SECRET, $page['body']);
        self::assertStringNotContainsString(self::SECRET, json_encode(self::db()->all('SELECT * FROM t_statistics'), JSON_UNESCAPED_UNICODE));
        self::assertStringNotContainsString(self::SECRET, static::$server->errorLog());
        $ev = $this->events(152);
        self::assertSame('ee100001', end($ev)['s_operid']);
        self::assertStringContainsString('user ivan', end($ev)['s_description']);

        // Invalid logins are refused and keep the stored one.
        foreach ([['username' => '', 'password' => 'x'], ['username' => 'ivan', 'password' => ''],
            ['username' => str_repeat('u', 31), 'password' => 'x'], ['username' => "iv\0an", 'password' => 'x'],
            ['username' => 'ivan', 'password' => str_repeat('p', 33)]] as $f) {
            $r = $this->post(['csrf' => $csrf, 'action' => 'operator', 'id' => 'ee100001'] + $f);
            self::assertSame(422, $r['status'], json_encode($f));
        }
        self::assertSame($row, self::db()->one("SELECT d_editUsername, d_editPassword FROM t_devices WHERE d_deviceid = 'itest-phone' AND d_objectid = 'ee100001'"));

        // Another device's object: refused, its row untouched.
        $r = $this->post(['csrf' => $csrf, 'action' => 'operator', 'id' => 'ee100002', 'username' => 'evil', 'password' => 'x']);
        self::assertSame(404, $r['status']);
        self::assertNull(self::db()->value("SELECT d_editUsername FROM t_devices WHERE d_deviceid = 'itest-other'"));

        // Remove.
        $r = $this->post(['csrf' => $csrf, 'action' => 'operator', 'id' => 'ee100001', 'clear' => '1']);
        self::assertSame(303, $r['status']);
        self::assertNull(self::db()->value("SELECT d_editPassword FROM t_devices WHERE d_deviceid = 'itest-phone' AND d_objectid = 'ee100001'"));
    }

    public function testForgedChangesAreRefusedBeforeTheShopIsAsked(): void
    {
        $base = ['action' => 'price', 'id' => 'ee100001', 'plu' => '101', 'value' => '1.00'];

        $r = $this->post($base);
        self::assertSame(403, $r['status'], 'no CSRF token');
        self::assertStringContainsString('The form has expired', $r['body']);
        $r = $this->post(['csrf' => str_repeat('0', 64)] + $base);
        self::assertSame(403, $r['status'], 'a wrong CSRF token');

        $csrf = $this->csrf();
        $r = $this->post(['csrf' => $csrf, 'id' => 'ee100002'] + $base);
        self::assertSame(404, $r['status'], 'another device\'s object');
        $r = $this->post(['csrf' => $csrf, 'id' => "ee100001' OR '1'='1"] + $base);
        self::assertSame(404, $r['status']);

        $refusals = array_column($this->events(151), 's_description');
        self::assertGreaterThanOrEqual(4, count($refusals));
        self::assertStringContainsString('CSRF', implode("\n", $refusals));
        self::assertStringContainsString('not on this device', implode("\n", $refusals));

        // Valid token and object, but: no operator login, hostile values, expired subscription.
        $cases = [
            [$base, 'no operator for item changes is set'],
            [['value' => "1'; DELETE FROM PLUES; --"] + $base, 'the price must be a number'],
            [['value' => '1.23456'] + $base, 'the price must be a number'],
            [['value' => '-1'] + $base, 'the price must be a number'],
            [['value' => '10000000'] + $base, 'the price must be a number'],
            [['action' => 'name', 'value' => str_repeat('x', 10240)] + $base, 'the name must be 1 to 60'],
            [['action' => 'name', 'value' => "a\0b"] + $base, 'the name must be 1 to 60'],
            [['action' => 'name', 'value' => 'emoji 😀'] + $base, 'the name must be 1 to 60'],
            [['action' => 'ecrname', 'value' => str_repeat('Ж', 25)] + $base, 'the till name must be 1 to 24'],
            [['action' => 'block', 'value' => '2'] + $base, 'invalid value'],
            [['plu' => '1 OR 1=1'] + $base, 'invalid item number'],
            [['action' => 'drop'] + $base, 'unknown operation'],
            [['action' => 'promo_delete', 'promotion' => '5 OR 1=1'] + $base, 'this item has no such promotion'],
            [['action' => 'promo_add', 'ptype' => 'price', 'pvalue' => '1', 'from_date' => '2026-02-30', 'to_date' => '2026-03-01',
                'from_time' => '08:00', 'to_time' => '09:00', 'priority' => '5', 'days' => ['1']] + $base, 'enter a real start and end date'],
            [['id' => 'ee100003'] + $base, 'the object&#039;s subscription has expired'],
        ];
        foreach ($cases as [$fields, $msg]) {
            $r = $this->post(['csrf' => $csrf] + $fields);
            self::assertSame(303, $r['status'], $msg);
            $page = $this->http->request(self::url('/dreport/' . $r['location']));
            self::assertStringContainsString('Nothing was changed: ' . $msg, $page['body'], $msg);
        }
        self::assertSame(
            0,
            (int) self::db()->value("SELECT COUNT(*) FROM t_statistics WHERE s_opertype = 1 AND s_description LIKE 'report updateDetails%'"),
            'no change task was sent'
        );
        self::assertSame([], $this->events(150), 'nothing was changed');
    }

    public function testTheWrongPasswordThrottleCoversTheItemPages(): void
    {
        // A device that guessed object passwords (ObjectGuard's limit reached) gets no relay
        // through an unproven link from the item pages either.
        self::db()->exec("INSERT INTO t_throttle (th_key, th_count, th_window_start) VALUES ('objpw-device:itest-phone', 5, NOW())
            ON DUPLICATE KEY UPDATE th_count = 5, th_window_start = NOW()");
        try {
            $r = $this->get('items.php?id=ee100001&f=name&q=x');
            self::assertSame(429, $r['status']);
            self::assertStringContainsString('Too many wrong passwords', $r['body']);
            self::assertStringNotContainsString('data-code=', $r['body'], 'no relay was made');
        } finally {
            self::db()->exec("DELETE FROM t_throttle WHERE th_key = 'objpw-device:itest-phone'");
        }
    }

    public function testExpiredObjectPagesAreBlockedAndOldUrlsRedirect(): void
    {
        $r = $this->get('items.php?id=ee100003');
        self::assertSame(200, $r['status']);
        self::assertStringContainsString('items-blocked', $r['body']);
        self::assertStringNotContainsString('name="q"', $r['body']);
        self::assertSame(404, $this->get('items.php?id=ee100002')['status']);

        $r = $this->get('articles.php?id=ee100001&search=x&filter=plu_name');
        self::assertSame(303, $r['status']);
        self::assertSame('items.php?id=ee100001', $r['location']);
        $r = $this->get('ItemDetails.php?id=ee100001&pluNumb=101&pluName=Fake&sellPrice=0.01&isOperatorValidated=1');
        self::assertSame('items.php?id=ee100001&plu=101', $r['location']);
        $r = $this->get('ActivePromotionsCSS.php?id=ee100001&pluNumb=101');
        self::assertSame('items.php?id=ee100001&plu=101&view=promotions', $r['location']);
        $r = $this->get("ItemDetails.php?id=ee100001&pluNumb=101'--");
        self::assertSame('items.php?id=ee100001', $r['location']);

        // A search while the shop is offline says so (and is not an empty result).
        $r = $this->get('items.php?id=ee100001&f=name&q=' . rawurlencode('кафе'));
        self::assertStringContainsString('data-code="200"', $r['body']);
        $r = $this->get('items.php?id=ee100001&f=price&q=abc');
        self::assertStringContainsString('Invalid search value', $r['body']);
    }
}
