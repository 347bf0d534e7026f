<?php

declare(strict_types=1);

namespace Dreport\Tests;

use DateTimeImmutable;
use Dreport\Reports\Report;
use Dreport\Reports\ReportParams;
use Dreport\Reports\ReportRequest;
use Dreport\Reports\Task;
use PHPUnit\Framework\TestCase;

/**
 * Report SQL on a real Firebird shop: each test class loads its fixture rows into one
 * throw-away shop database (FirebirdShop) and runs reports' tasks on it the way the shop's
 * client does, dataset by dataset, so a column name or a Firebird-only slip fails here.
 * Skipped, with the reason, where isql-fb is missing.
 */
abstract class FirebirdReportCase extends TestCase
{
    /** "Today" for every report run here: the fixtures are written around it. */
    protected const TODAY = '2026-11-25';

    protected static ?FirebirdShop $shop = null;

    /** The INSERTs loaded after the shop schema. */
    abstract protected static function fixture(): string;

    public static function setUpBeforeClass(): void
    {
        if (FirebirdShop::unavailable() === null) {
            self::$shop = FirebirdShop::create(static::fixture());
        }
    }

    public static function tearDownAfterClass(): void
    {
        self::$shop?->drop();
        self::$shop = null;
    }

    protected function setUp(): void
    {
        $why = FirebirdShop::unavailable();
        if ($why !== null) {
            self::markTestSkipped($why);
        }
    }

    /**
     * A report's parameters for a request made on TODAY.
     *
     * @param array<string,mixed> $query
     * @param array<string,int> $settings
     */
    protected static function params(Report $r, array $query, int $offset = 0, array $settings = []): ReportParams
    {
        return $r->params(new ReportRequest($query, new DateTimeImmutable(self::TODAY), $offset, true, 'obj', $settings));
    }

    /**
     * A report's task run on the shop as the client runs it, every dataset answered.
     *
     * @return array<string,mixed>
     */
    protected static function runTask(Report $r, ReportParams $p): array
    {
        $queries = array_map(static fn (string $sql): string => Task::compact($sql), $r->queries($p));
        $answer = ['ResultCode' => 0, 'ResultMessage' => 'OK'] + (self::$shop?->queries($queries) ?? []);
        foreach (array_keys($queries) as $ds) {
            self::assertArrayHasKey($ds, $answer, 'dataset ' . $ds);
        }
        return $answer;
    }
}
