<?php

declare(strict_types=1);

namespace Dreport\Tests;

use Dreport\Db;
use PHPUnit\Framework\TestCase;

/**
 * Base of the integration tests: a fresh database (schema.sql + demo seed) and a real
 * `php -S` serving the repository per test class; both are removed afterwards.
 */
abstract class WebTestCase extends TestCase
{
    protected static TestDatabase $tdb;
    protected static PhpServer $server;
    /** @var list<PhpServer> */
    private static array $extraServers = [];
    /** @var list<ReportServer> */
    private static array $reportServers = [];

    /** The demo shop of reportServerWithShop(): Демо Маркет's object, in demo mode. */
    private const DEMO_SHOP = [
        '--host' => 'SHOP1', '--object-id' => '3769d93a', '--password' => 'demo', '--object-name' => 'Shop 1',
        '--customer-name' => 'Демо Маркет ООД', '--eik' => '200000001', '--db-type' => 'R', '--mode' => 'demo',
        '--ping-secs' => '5', '--poll-ms' => '100',
    ];

    /** Extra environment for the web server (e.g. trusted proxies). */
    protected static function serverEnv(): array
    {
        return [];
    }

    public static function setUpBeforeClass(): void
    {
        if (!TestDatabase::available()) {
            self::markTestSkipped('DB_HOST/DB_PORT not set: run dreport/tests/run-tests.sh');
        }
        static::$tdb = (new TestDatabase())->create();
        static::$server = (new PhpServer(static::$tdb->env() + static::serverEnv()))->start();
    }

    /** Call first in setUpBeforeClass of a class that uses reportServerWithShop(). */
    protected static function skipUnlessReportServerBuilt(): void
    {
        if (!ReportServer::available()) {
            self::markTestSkipped('cloud-report-server/bos-client not built in ' . ReportServer::binDir() . ' (cargo build --bins)');
        }
    }

    /**
     * The built report server, its auth calls going to this class's api.php, with the demo shop
     * (bos-client) connected; stopped after the class.
     *
     * @param array<string,string> $shop bos-client options replacing DEMO_SHOP's
     */
    protected static function reportServerWithShop(string $user, string $password, array $shop = []): ReportServer
    {
        $crs = (new ReportServer(ReportServer::binDir()))->start(
            static::$server->baseUrl() . '/dreport/api.php',
            static::$tdb->env(),
            $user,
            $password
        );
        self::$reportServers[] = $crs;
        $args = [];
        foreach ($shop + self::DEMO_SHOP as $option => $value) {
            array_push($args, $option, $value);
        }
        $crs->client($args);
        return $crs;
    }

    public static function tearDownAfterClass(): void
    {
        foreach (self::$reportServers as $crs) {
            $crs->stop();
        }
        self::$reportServers = [];
        foreach (self::$extraServers as $s) {
            $s->stop();
        }
        self::$extraServers = [];
        if (isset(static::$server)) {
            $log = static::$server->errorLog();
            static::$server->stop();
            if (preg_match('/PHP (Warning|Notice|Deprecated|Fatal)/', $log)) {
                fwrite(STDERR, "\nPHP errors logged by php -S:\n" . $log . "\n");
            }
        }
        if (isset(static::$tdb)) {
            static::$tdb->drop();
        }
    }

    /** No PHP warning, notice or fatal error may be logged by any request of a test. */
    protected function assertPostConditions(): void
    {
        $logs = static::$server->errorLog();
        foreach (self::$extraServers as $s) {
            $logs .= $s->errorLog();
        }
        self::assertDoesNotMatchRegularExpression('/PHP (Warning|Notice|Deprecated|Fatal|Parse)/', $logs, 'php -S logged PHP errors');
    }

    /** A second web server on the same database with a different environment. */
    protected static function extraServer(array $env, string $host = '127.0.0.1', bool $displayErrors = false): PhpServer
    {
        $s = (new PhpServer($env + static::$tdb->env(), $host, $displayErrors))->start();
        self::$extraServers[] = $s;
        return $s;
    }

    protected static function db(): Db
    {
        return static::$tdb->db();
    }

    protected static function url(string $path): string
    {
        return static::$server->baseUrl() . $path;
    }
}
