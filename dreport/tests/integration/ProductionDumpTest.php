<?php

declare(strict_types=1);

namespace Dreport\Tests\Integration;

use Dreport\Tests\AdminClient;
use Dreport\Tests\Http;
use Dreport\Tests\PhpServer;
use Dreport\Tests\TestDatabase;
use PHPUnit\Framework\TestCase;

/**
 * Issue 17: the production database is MariaDB 10.4, the compose file and the tests run
 * MariaDB 10.11. A dump in 10.4's mysqldump dialect (dreport/tests/fixtures, synthetic) is
 * restored into the test MariaDB with the command-line client, then every migration after 001
 * is applied, twice, exactly as docs/deployment.md says; the data survive byte for byte and
 * dreport works on the result (legacy `!!!` admin password, the wrapper app's 16-hex device).
 */
final class ProductionDumpTest extends TestCase
{
    private static ?TestDatabase $tdb = null;
    private static ?PhpServer $server = null;

    public static function setUpBeforeClass(): void
    {
        if (!TestDatabase::available()) {
            self::markTestSkipped('DB_HOST/DB_PORT not set: run dreport/tests/run-tests.sh');
        }
        self::$tdb = (new TestDatabase())->createEmpty();
        $root = TestDatabase::root();
        self::$tdb->loadFile($root . '/dreport/tests/fixtures/mariadb-10.4-dump.sql');
        // Every migration after 001 (production already is 001), in order, twice.
        $files = glob($root . '/migrations/[0-9][0-9][0-9]_*.sql') ?: [];
        sort($files);
        foreach ([1, 2] as $run) {
            foreach ($files as $f) {
                if ((int) substr(basename($f), 0, 3) > 1) {
                    self::$tdb->loadFile($f);
                }
            }
        }
        self::$server = (new PhpServer(self::$tdb->env()))->start();
    }

    public static function tearDownAfterClass(): void
    {
        self::$server?->stop();
        self::$tdb?->drop();
    }

    public function testTheDumpAndTheMigrationsLoadOnTheTestedEngine(): void
    {
        $db = self::$tdb->db();
        self::assertStringStartsWith('10.11.', (string) $db->value('SELECT VERSION()'), 'the engine compose runs');
        self::assertSame(SchemaTest::newestMigration(), (int) $db->value('SELECT MAX(sv_version) FROM t_schema_version'));
        $schema = file_get_contents(TestDatabase::root() . '/schema.sql');
        preg_match_all('/CREATE TABLE IF NOT EXISTS `?(\w+)`?/', (string) $schema, $m);
        $tables = array_column($db->all('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE()'), 't');
        foreach ($m[1] as $t) {
            self::assertContains($t, $tables, "schema.sql table $t after the migrations");
        }
        // The data, byte for byte (utf8mb3 tables keep Cyrillic).
        self::assertSame('Изток Трейд ЕООД', $db->value("SELECT s_customername FROM t_subscriptions WHERE s_objectid = 'a0b1c2d3'"));
        self::assertSame('гр. Пловдив, ул. „Примерна“ 1', $db->value("SELECT s_address FROM t_subscriptions WHERE s_objectid = 'a0b1c2d3'"));
        self::assertSame('Кафе „Ъгъла“', $db->value("SELECT d_objectname FROM t_devices WHERE d_id = 2"));
        self::assertSame(4, (int) $db->value('SELECT COUNT(*) FROM t_statistics'));
        self::assertSame(3, (int) $db->value('SELECT COUNT(*) FROM t_devices'));
        self::assertSame('2025-11-03 08:16:12', $db->value('SELECT s_datetime FROM t_statistics WHERE s_id = 3'));
        self::assertSame(1, (int) $db->value("SELECT COUNT(*) FROM t_opertype WHERE o_opertype_id = 143"));
        self::assertSame(1, (int) $db->value(
            "SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 't_statistics' AND index_name = 'idx_s_opertype_datetime' AND seq_in_index = 1"
        ));
    }

    public function testDreportWorksOnTheRestoredDatabase(): void
    {
        // The legacy admin logs in with the `!!!` password and it is rehashed.
        $c = new AdminClient(self::$server->baseUrl());
        self::assertSame(303, $c->login('admin', 'legacy-admin-1')['status']);
        self::assertStringStartsNotWith('!!!', (string) self::$tdb->db()->value("SELECT a_password FROM `user` WHERE a_username = 'admin'"));
        self::assertStringContainsString('Изток Трейд ЕООД', $c->get('subscriptions', ['q' => 'Изток'])['body']);
        // The wrapper app's start URL for a device from the dump: its objects, in Bulgarian;
        // nothing of them but the user's labels until a report proves the password again.
        $http = new Http();
        $r = $http->request(self::$server->baseUrl() . '/dreport/index.php?id=5A3C0FFEE0DDBA11');
        self::assertSame(303, $r['status']);
        $r = $http->request(self::$server->baseUrl() . '/dreport/device.php');
        self::assertSame(200, $r['status']);
        self::assertStringContainsString('<html lang="bg">', $r['body']);
        self::assertStringContainsString('Бакалия Изток', $r['body']);
        self::assertStringContainsString('Кафе „Ъгъла“', html_entity_decode($r['body']));
        self::assertSame(2, substr_count($r['body'], 'class="card object"'));
        self::assertStringNotContainsString('Изток Трейд ЕООД', $r['body']);
    }
}
