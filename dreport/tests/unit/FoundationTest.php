<?php

declare(strict_types=1);

namespace Dreport\Tests\Unit;

use Dreport\Config;
use Dreport\Csrf;
use Dreport\ReportServerClient;
use Dreport\Tests\PhpServer;
use Dreport\View;
use PHPUnit\Framework\TestCase;

final class FoundationTest extends TestCase
{
    public function testEscapeHelper(): void
    {
        self::assertSame('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#039;', e('<script>alert("x")</script>&\''));
        self::assertSame('', e(null));
        self::assertSame('Демо', e('Демо'));
    }

    public function testConfigDefaultsAndOverrides(): void
    {
        $c = new Config([]);
        self::assertSame('127.0.0.1', $c->dbHost());
        self::assertSame(3306, $c->dbPort());
        self::assertSame('dreports', $c->dbName());
        self::assertNull($c->reportServerUrl());
        self::assertSame([], $c->trustedProxies());
        $c = new Config([
            'DB_HOST' => 'db', 'DB_PORT' => '3307', 'REPORT_SERVER_URL' => 'http://crs:8080/',
            'DREPORT_TRUSTED_PROXIES' => '10.0.0.1, 172.16.0.0/12', 'DREPORT_UPDATE_FOLDER' => '/srv/u',
        ]);
        self::assertSame(3307, $c->dbPort());
        self::assertSame('http://crs:8080', $c->reportServerUrl());
        self::assertSame(['10.0.0.1', '172.16.0.0/12'], $c->trustedProxies());
        self::assertSame('/srv/u', $c->updateFolder());
    }

    public function testCsrfTokenIsPerSessionAndComparedStrictly(): void
    {
        $_SESSION = [];
        $t = Csrf::token();
        self::assertSame(64, strlen($t));
        self::assertSame($t, Csrf::token());
        self::assertTrue(Csrf::valid($t));
        self::assertFalse(Csrf::valid(''));
        self::assertFalse(Csrf::valid(null));
        self::assertFalse(Csrf::valid([$t]));
        self::assertFalse(Csrf::valid(strtoupper($t) . 'x'));
        $_SESSION = [];
        self::assertFalse(Csrf::valid($t));
    }

    public function testViewRefusesTraversal(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        (new View())->render('../../etc/passwd');
    }

    public function testRelayMapsUnreachableServerToOffline(): void
    {
        $port = PhpServer::freePort(); // nothing listens there
        $c = new ReportServerClient('http://127.0.0.1:' . $port, 'user', 'pass$123');
        $r = $c->relay('dayturnover', '3769d93a', ['Id' => '3769d93a']);
        self::assertSame(200, $r['ResultCode']);
        self::assertStringContainsString('not reachable', $r['ResultMessage']);
    }

    public function testRelayMapsSilentServerToTimeout(): void
    {
        $srv = stream_socket_server('tcp://127.0.0.1:0');
        self::assertNotFalse($srv);
        $name = (string) stream_socket_get_name($srv, false);
        $c = new ReportServerClient('http://' . $name, 'user', 'p', 1);
        $t = microtime(true);
        $r = $c->relay('x', '3769d93a', []);
        fclose($srv);
        self::assertSame(203, $r['ResultCode']);
        self::assertLessThan(5, microtime(true) - $t);
    }
}
