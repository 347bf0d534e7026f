<?php

declare(strict_types=1);

namespace Dreport\Tests\Integration;

use Dreport\Audit;
use Dreport\Settings;
use Dreport\Tests\TestDatabase;
use PHPUnit\Framework\TestCase;

final class SchemaTest extends TestCase
{
    private static TestDatabase $tdb;

    public static function setUpBeforeClass(): void
    {
        if (!TestDatabase::available()) {
            self::markTestSkipped('DB_HOST/DB_PORT not set: run dreport/tests/run-tests.sh');
        }
        self::$tdb = (new TestDatabase())->create();
    }

    public static function tearDownAfterClass(): void
    {
        if (isset(self::$tdb)) {
            self::$tdb->drop();
        }
    }

    /** The number of the newest migrations/NNN_*.sql: schema.sql ends at that version. */
    public static function newestMigration(): int
    {
        $files = glob(TestDatabase::root() . '/migrations/[0-9][0-9][0-9]_*.sql') ?: [];
        return max(array_map(static fn (string $f): int => (int) substr(basename($f), 0, 3), $files));
    }

    public function testSchemaAndSeedLoadTwiceCleanly(): void
    {
        $root = TestDatabase::root();
        self::$tdb->loadFile($root . '/schema.sql');
        self::$tdb->loadFile($root . '/etc/demo-seed.sql');
        $db = self::$tdb->db();
        $tables = array_column($db->all('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE()'), 't');
        foreach (
            ['t_subscriptions', 't_devices', 't_reports', 't_settings', 't_restip', 't_statistics', 't_opertype',
                'user', 'role', 't_schema_version', 't_client_connections', 't_client_errors', 't_relay_log',
                't_server_applied_events', 't_throttle', 't_device_verified'] as $t
        ) {
            self::assertContains($t, $tables);
        }
        self::assertSame(3, (int) $db->value('SELECT COUNT(*) FROM t_subscriptions'));
        self::assertSame(2, (int) $db->value('SELECT COUNT(*) FROM t_restip'));
        self::assertSame(1, (int) $db->value('SELECT COUNT(*) FROM `user`'));
        self::assertSame(self::newestMigration(), (int) $db->value('SELECT MAX(sv_version) FROM t_schema_version'));
        self::assertSame('Демо Маркет ООД', $db->value('SELECT s_customername FROM t_subscriptions WHERE s_objectid = ?', ['3769d93a']));
        self::assertSame('fe01ce2a7fbac8fafaed7c982a04e229', $db->value(
            'SELECT d_objectpswd FROM t_devices WHERE d_deviceid = ? AND d_objectid = ?',
            ['demo-phone-1', '3769d93a']
        ));
        self::assertTrue(password_verify('admin123', (string) $db->value('SELECT a_password FROM `user` WHERE a_username = ?', ['admin'])));
        foreach ([0, 4, 5, 101, 136, 143, 200, 201, 202, 203, 204, 205, 206, 207] as $code) {
            self::assertSame(1, (int) $db->value('SELECT COUNT(*) FROM t_opertype WHERE o_opertype_id = ?', [$code]));
        }
        $charset = $db->value("SELECT table_collation FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 't_subscriptions'");
        self::assertStringStartsWith('utf8mb4', (string) $charset);
    }

    public function testAuditRespectsLogLevel(): void
    {
        $db = self::$tdb->db();
        $settings = new Settings($db);
        $audit = new Audit($db, $settings);
        $before = (int) $db->value('SELECT COUNT(*) FROM t_statistics');
        $settings->set('log_level', '1');
        self::assertTrue($audit->log(Audit::REST_CALL, '127.0.0.1', 'rest'));
        self::assertFalse($audit->log(Audit::ADD_OBJECT, 'abc', 'object'));
        self::assertFalse($audit->log(Audit::START_REPORT, 'abc', 'report'));
        self::assertTrue($audit->log(Audit::SETTINGS_EDIT, 'admin', 'admin change'));
        $settings->set('log_level', '0');
        self::assertFalse($audit->log(Audit::ERROR, 'x', 'error'));
        $settings->set('log_level', '3');
        self::assertTrue($audit->log(Audit::START_REPORT, str_repeat('o', 50), str_repeat('Ж', 2000)));
        self::assertSame($before + 3, (int) $db->value('SELECT COUNT(*) FROM t_statistics'));
        $row = $db->one('SELECT s_operid, s_description FROM t_statistics ORDER BY s_id DESC LIMIT 1');
        self::assertSame(30, mb_strlen((string) $row['s_operid']));
        self::assertSame(1024, mb_strlen((string) $row['s_description']));
    }
}
