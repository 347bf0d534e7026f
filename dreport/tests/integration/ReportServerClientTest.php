<?php

declare(strict_types=1);

namespace Dreport\Tests\Integration;

use Dreport\ReportServerClient;
use Dreport\ReportServerException;
use Dreport\Tests\ReportServer;
use Dreport\Tests\WebTestCase;

/**
 * Dreport\ReportServerClient against the real report server with a real bos-client in
 * demo mode: clientlist, clientstat, status and the relay every viewer page uses.
 * Skipped (saying why) only when the Rust binaries have not been built.
 */
final class ReportServerClientTest extends WebTestCase
{
    private static ?ReportServer $crs = null;

    public static function setUpBeforeClass(): void
    {
        self::skipUnlessReportServerBuilt();
        parent::setUpBeforeClass();
        self::$crs = self::reportServerWithShop('phpuser', 'p@ss$word 1');
    }

    private function client(string $password = 'p@ss$word 1'): ReportServerClient
    {
        return new ReportServerClient(self::$crs->baseUrl(), 'phpuser', $password, 10);
    }

    public function testClientListStatAndStatus(): void
    {
        $list = $this->client()->clientList();
        self::assertCount(1, $list);
        self::assertSame('3769d93a', $list[0]['Id']);
        self::assertSame('SHOP1', $list[0]['Host']);
        self::assertSame('Демо Маркет ООД', $list[0]['Name']);
        self::assertMatchesRegularExpression('/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/', $list[0]['Exp']);
        $stat = $this->client()->clientStat('3769d93a');
        self::assertIsArray($stat);
        self::assertSame('3769d93a', $stat['Id']);
        self::assertNull($this->client()->clientStat('1a2b3c4d'), 'offline → null');
        $status = $this->client()->status();
        self::assertSame('running', $status['status']);
        self::assertSame(1, $status['clients']['connected']);
    }

    public function testWrongLoginIsAClearError(): void
    {
        $this->expectException(ReportServerException::class);
        $this->client('wrong')->clientList();
    }

    public function testRelayThroughTheServerToTheClient(): void
    {
        $task = ['Id' => '3769d93a', 'Pass' => md5('demo'), 'Probe' => ['Type' => 'Query', 'SQL' => 'select 1 from rdb$database']];
        $r = $this->client()->relay('dayturnover', '3769d93a', $task);
        self::assertArrayHasKey('ResultCode', $r);
        self::assertNotContains($r['ResultCode'], [200, 203, 204, 1004], json_encode($r, JSON_UNESCAPED_UNICODE));
        $r = $this->client()->relay('dayturnover', '3769d93a', ['Pass' => md5('not demo')] + $task);
        self::assertSame(1004, $r['ResultCode']);
        $r = $this->client()->relay('dayturnover', '1a2b3c4d', ['Id' => '1a2b3c4d', 'Pass' => md5('demo')] + $task);
        self::assertSame(200, $r['ResultCode'], 'offline client');
        $r = $this->client('wrong')->relay('dayturnover', '3769d93a', $task);
        self::assertSame(103, $r['ResultCode']);
    }
}
