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

    public static function tearDownAfterClass(): void
    {
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
