<?php

declare(strict_types=1);

namespace Dreport\Tests\Viewer;

use DateTimeImmutable;
use Dreport\Reports\Period;
use Dreport\Reports\Registry;
use Dreport\Reports\Report;
use Dreport\Reports\Sql;
use Dreport\Reports\Task;
use PHPUnit\Framework\TestCase;

/**
 * Every report's task: valid JSON, the expected dataset names, dates formatted by the
 * code as 'YYYY-MM-DD' literals in the demo contract's order, and nothing from the request
 * copied into the SQL.
 */
final class TaskBuilderTest extends TestCase
{
    private const OBJECT = '3769d93a';
    private const PASS = 'fe01ce2a7fbac8fafaed7c982a04e229';

    /** Dataset names per report (the simulator's demo contract). */
    private const DATASETS = [
        'dayturnover' => ['DayTurnover', 'PrevDayTurnover', 'DailyTurnover', 'PaymentTypes'],
        'monthturnover' => ['DailyTurnover', 'PaymentTypes'],
        'topitems' => ['TopItems'],
        'groups' => ['GroupTurnover'],
        'operators' => ['OperatorSales'],
        'openbills' => ['OpenBills', 'OpenBillLines'],
        'voided' => ['VoidedItems'],
    ];

    /** Hostile and malformed URL values: none may reach the SQL. */
    private const HOSTILE = [
        ['d' => "2026-11-20' or 1=1 --"],
        ['d' => '2026-02-30'],
        ['d' => '20261120'],
        ['d' => ['2026-11-20']],
        ['m' => "2026-11'; drop table x"],
        ['m' => '2026-13'],
        ['p' => "month'"],
        ['g' => '12 or 1=1'],
        ['g' => '-5'],
        ['g' => '1e3'],
        ['g' => '7', 'gn' => "x'); delete from PLUES; --"],
        ['d' => '1999-12-31'],
        ['d' => '2999-01-01'],
    ];

    private static function today(): DateTimeImmutable
    {
        return new DateTimeImmutable('2026-11-25 00:00:00');
    }

    /** @return array<string,mixed> */
    private static function task(Report $r, array $query): array
    {
        $task = Task::build(self::OBJECT, self::PASS, $r->queries($r->params($query, self::today())));
        $json = json_encode($task, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR);
        $back = json_decode($json, true, 512, JSON_THROW_ON_ERROR);
        self::assertSame($task, $back);
        return $back;
    }

    /** @return list<string> the date literals of one SQL text, in order */
    private static function dates(string $sql): array
    {
        preg_match_all("/'(\\d{4}-\\d{2}-\\d{2})'/", $sql, $m);
        return $m[1];
    }

    public function testRegistryHoldsTheSevenCoreReports(): void
    {
        self::assertSame(array_keys(self::DATASETS), array_keys(Registry::all()));
        self::assertNull(Registry::get('../../etc/passwd'));
        self::assertNull(Registry::get(['dayturnover']));
    }

    public function testEveryTaskHasIdPassAndOneQueryPerDataset(): void
    {
        foreach (Registry::all() as $name => $report) {
            foreach ([[], ['p' => 'month'], ['g' => '3', 'gn' => 'Напитки']] as $q) {
                $task = self::task($report, $q);
                self::assertSame(self::OBJECT, $task['Id'], $name);
                self::assertSame(self::PASS, $task['Pass'], $name);
                self::assertSame(array_merge(['Id', 'Pass'], self::DATASETS[$name]), array_keys($task), $name);
                foreach (self::DATASETS[$name] as $ds) {
                    self::assertSame(['Type', 'SQL'], array_keys($task[$ds]));
                    self::assertSame('Query', $task[$ds]['Type']);
                    self::assertMatchesRegularExpression('/^(\/\*parent:\d+\*\/ )?select /', $task[$ds]['SQL'], "$name/$ds");
                    self::assertStringNotContainsString("\n", $task[$ds]['SQL']);
                    // Every result column the demo contract names is aliased in upper case.
                    self::assertDoesNotMatchRegularExpression('/ as (?!date\b)[a-z]/', $task[$ds]['SQL']);
                }
            }
        }
    }

    public function testNoRequestValueReachesTheSql(): void
    {
        foreach (Registry::all() as $name => $report) {
            foreach (self::HOSTILE as $q) {
                $task = self::task($report, $q);
                foreach (self::DATASETS[$name] as $ds) {
                    $sql = $task[$ds]['SQL'];
                    // Remove what the code itself writes: date literals and the bill line type 'P'.
                    $rest = preg_replace("/'\\d{4}-\\d{2}-\\d{2}'|'P'/", '', $sql);
                    self::assertStringNotContainsString("'", (string) $rest, "$name/$ds: " . json_encode($q));
                    self::assertStringNotContainsString('--', $sql);
                    self::assertStringNotContainsString(';', $sql);
                    self::assertStringNotContainsString('1=1', $sql);
                    self::assertStringNotContainsString('drop', strtolower($sql));
                    self::assertStringNotContainsString('delete', strtolower($sql));
                    foreach (self::dates($sql) as $d) {
                        self::assertGreaterThanOrEqual('2000-01-01', $d);
                        self::assertLessThanOrEqual('2026-11-25', $d, 'never a future day');
                    }
                }
            }
        }
    }

    public function testBadOrFutureDatesFallBackToToday(): void
    {
        $r = Registry::get('voided');
        foreach (['2026-02-30', 'yesterday', "2026-11-20'", '2026-12-01', '', '2026-1-5'] as $d) {
            $sql = self::task($r, ['d' => $d])['VoidedItems']['SQL'];
            self::assertSame(['2026-11-25', '2026-11-25'], self::dates($sql), $d);
        }
        $sql = self::task($r, ['d' => '2026-02-28'])['VoidedItems']['SQL'];
        self::assertSame(['2026-02-28', '2026-02-28'], self::dates($sql));
    }

    public function testDayTurnoverPeriods(): void
    {
        $t = self::task(Registry::get('dayturnover'), ['d' => '2026-03-01']);
        self::assertSame(['2026-03-01', '2026-03-01'], self::dates($t['DayTurnover']['SQL']));
        self::assertSame(['2026-02-28', '2026-02-28'], self::dates($t['PrevDayTurnover']['SQL']));
        self::assertSame(['2026-02-23', '2026-03-01'], self::dates($t['DailyTurnover']['SQL']), 'last 7 days, inclusive');
        self::assertSame(['2026-03-01', '2026-03-01'], self::dates($t['PaymentTypes']['SQL']));
        self::assertStringContainsString('CURR_ISBASE_ = 1', $t['DailyTurnover']['SQL']);
        self::assertStringContainsString('as CURR_SIGN', $t['DayTurnover']['SQL']);
    }

    public function testMonthPeriods(): void
    {
        $t = self::task(Registry::get('monthturnover'), ['m' => '2024-02']);
        self::assertSame(['2024-02-01', '2024-02-29'], self::dates($t['DailyTurnover']['SQL']));
        $t = self::task(Registry::get('monthturnover'), []);
        self::assertSame(['2026-11-01', '2026-11-25'], self::dates($t['DailyTurnover']['SQL']), 'the current month ends today');
        $t = self::task(Registry::get('topitems'), ['p' => 'month', 'm' => '2026-10']);
        self::assertSame(['2026-10-01', '2026-10-31'], self::dates($t['TopItems']['SQL']));
        self::assertStringStartsWith('select first 10 ', $t['TopItems']['SQL']);
        $t = self::task(Registry::get('operators'), ['p' => 'month', 'd' => '2026-09-15']);
        self::assertSame(['2026-09-01', '2026-09-30'], self::dates($t['OperatorSales']['SQL']), 'a day picks its month');
    }

    public function testGroupDrillDownUsesOnlyTheIntegerId(): void
    {
        $r = Registry::get('groups');
        $top = self::task($r, [])['GroupTurnover']['SQL'];
        self::assertStringNotContainsString('/*parent:', $top);
        self::assertStringContainsString('GET_TOPGROUPFORPLUGROUP', $top);
        $sub = self::task($r, ['g' => '42', 'gn' => "Bad'name"])['GroupTurnover']['SQL'];
        self::assertStringStartsWith('/*parent:42*/ select ', $sub);
        self::assertStringContainsString('GET_SUBGROUPSFORGROUP_RR(42, 0)', $sub);
        self::assertStringNotContainsString('Bad', $sub);
        foreach (['0', '-1', '4x', '99999999999', ' 4'] as $bad) {
            self::assertStringNotContainsString('/*parent:', self::task($r, ['g' => $bad])['GroupTurnover']['SQL'], $bad);
        }
    }

    public function testOpenBillsNeedNoDate(): void
    {
        $t = self::task(Registry::get('openbills'), ['d' => '2026-11-01']);
        self::assertSame([], self::dates($t['OpenBills']['SQL']));
        self::assertStringContainsString('BH_ENDDATETIME is null', $t['OpenBills']['SQL']);
        self::assertStringContainsString("BP_TYPE = 'P'", $t['OpenBillLines']['SQL']);
    }

    public function testTaskRefusesBadDatasetNamesAndSqlHelperRefusesBadColumns(): void
    {
        try {
            Task::build('x', 'y', ['Pass' => 'select 1']);
            self::fail('Pass is not a dataset');
        } catch (\InvalidArgumentException) {
            self::assertTrue(true);
        }
        $this->expectException(\InvalidArgumentException::class);
        Sql::between("x'); --", Period::day(self::today(), self::today()));
    }

    public function testRowsOfAnAnswer(): void
    {
        self::assertSame([], Task::rows(['ResultCode' => 0], 'X'));
        self::assertSame([], Task::rows(['X' => 'text'], 'X'));
        self::assertSame([['A' => 1]], Task::rows(['X' => [['A' => 1], 'junk', 5]], 'X'));
    }
}
