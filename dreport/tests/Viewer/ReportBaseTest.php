<?php

declare(strict_types=1);

namespace Dreport\Tests\Viewer;

use DateTimeImmutable;
use Dreport\Reports\BusinessDay;
use Dreport\Reports\Currency;
use Dreport\Reports\Period;
use Dreport\Reports\Registry;
use Dreport\Reports\Report;
use Dreport\Reports\ReportRequest;
use Dreport\Reports\Sql;
use Dreport\Reports\Task;
use Dreport\Reports\Window;
use Dreport\Viewer\Subscription;
use PHPUnit\Framework\TestCase;

/**
 * The shared report base: business-day windows (offset), navigation kinds, the euro rule,
 * the registry and every registered report's task (hostile input never reaches the SQL).
 */
final class ReportBaseTest extends TestCase
{
    private const OBJECT = '3769d93a';
    private const PASS = 'fe01ce2a7fbac8fafaed7c982a04e229';

    /** Hostile and malformed URL values: none may reach the SQL. */
    private const HOSTILE = [
        ['date' => "2026-11-20' or 1=1 --"],
        ['date' => '2026-02-30'],
        ['date' => '20261120'],
        ['date' => ['2026-11-20']],
        ['gid' => '12 or 1=1'],
        ['gid' => '-5'],
        ['gid' => '1e3'],
        ['gid' => '7', 'gname' => "x'); delete from PLUES; --", 'gval' => "1'--"],
        ['page' => "2'; --"],
        ['plu' => "1' or '1'='1"],
        ['pluNumb' => "1' or '1'='1"],
        ['date' => '1999-12-31'],
        ['date' => '2999-01-01'],
    ];

    private static function today(): DateTimeImmutable
    {
        return new DateTimeImmutable('2026-11-25 00:00:00');
    }

    /** @param array<string,mixed> $query @return array<string,mixed> */
    private static function task(Report $r, array $query, int $offset = 0): array
    {
        $params = $r->params(new ReportRequest($query, self::today(), $offset, true, self::OBJECT));
        $task = Task::build(self::OBJECT, self::PASS, $r->queries($params));
        $json = json_encode($task, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR);
        return json_decode($json, true, 512, JSON_THROW_ON_ERROR);
    }

    public function testRegistryFindsTheCoreReportsByNameAndOriginalPage(): void
    {
        $pages = [
            'dayturnover.php' => 'dayturnover', 'monthturnover.php' => 'monthturnover',
            'groupturnover.php' => 'groupturnover', 'monthgroupturnover.php' => 'monthgroupturnover',
            'pluturnover.php' => 'pluturnover', 'monthpluturnover.php' => 'monthpluturnover',
            'openbills.php' => 'openbills', 'closedbills.php' => 'closedbills', 'voidplues.php' => 'voidplues',
        ];
        foreach ($pages as $page => $name) {
            self::assertSame($name, Registry::get($name)?->name());
            self::assertSame($name, Registry::forPage($page)?->name(), $page);
            self::assertSame($name, Registry::forPage(strtoupper($page))?->name(), 'case-insensitive');
            self::assertSame($name, Registry::forHref($page . '?x=1')?->name());
            self::assertSame($name, Registry::forHref('report.php?r=' . $name)?->name());
        }
        self::assertNull(Registry::forHref('#'));
        self::assertNull(Registry::forHref('http://x/dayturnover.php'));
        self::assertNull(Registry::get(['dayturnover']));
        $seen = [];
        foreach (Registry::all() as $r) {
            foreach ($r->pages() as $p) {
                self::assertArrayNotHasKey(strtolower($p), $seen, "$p claimed twice");
                $seen[strtolower($p)] = true;
            }
            self::assertContains($r->expiry(), [Subscription::E_BLOCK, Subscription::E_NAV, Subscription::E_NONE]);
        }
        self::assertSame(Subscription::E_BLOCK, Registry::get('openbills')?->expiry());
        self::assertSame(Subscription::E_BLOCK, Registry::get('closedbills')?->expiry());
        self::assertSame(Subscription::E_BLOCK, Registry::get('voidplues')?->expiry());
        self::assertSame(Subscription::E_NAV, Registry::get('dayturnover')?->expiry());
    }

    public function testEveryReportsTaskIsValidAndNoRequestValueReachesTheSql(): void
    {
        foreach (Registry::all() as $name => $r) {
            foreach (array_merge([[]], self::HOSTILE) as $query) {
                $task = self::task($r, $query, 3);
                self::assertSame(self::OBJECT, $task['Id']);
                self::assertSame(self::PASS, $task['Pass']);
                self::assertGreaterThan(2, count($task), "$name has datasets");
                foreach ($task as $k => $ds) {
                    if (in_array($k, ['Id', 'Pass'], true)) {
                        continue;
                    }
                    self::assertSame('Query', $ds['Type']);
                    $sql = $ds['SQL'];
                    foreach (['or 1=1', 'drop', 'delete', "1'", '2999', '1999', '--', ';'] as $evil) {
                        self::assertStringNotContainsStringIgnoringCase($evil, $sql, "$name/$k " . json_encode($query));
                    }
                    self::assertDoesNotMatchRegularExpression('/\boffset\b|\bfetch\b|\bboolean\b/i', $sql, 'Firebird 2.5 SQL');
                    self::assertSame(0, substr_count($sql, "'") % 2, "$name/$k: balanced quotes");
                }
            }
        }
    }

    public function testBusinessDayWindowKeepsTheLastSecondAndMovesWithTheOffset(): void
    {
        $d = new DateTimeImmutable('2026-11-25');
        self::assertSame(
            "(s.T >= '2026-11-25 00:00:00' and s.T < '2026-11-26 00:00:00')",
            Sql::window('s.T', new Window($d, $d, 0))
        );
        self::assertSame(
            "(s.T >= '2026-11-25 03:00:00' and s.T < '2026-11-26 03:00:00')",
            Sql::window('s.T', new Window($d, $d, 3))
        );
        self::assertSame('cast(s.T as date)', Sql::businessDay('s.T', 0));
        self::assertSame('cast(dateadd(-3 hour to s.T) as date)', Sql::businessDay('s.T', 3));
        // A sale at 02:00 with offset 3 counts to the previous day; at 03:00 to its own day.
        $clock = static fn (string $t, int $off): string => BusinessDay::today($off, new DateTimeImmutable($t, new \DateTimeZone('Europe/Sofia')))->format('Y-m-d');
        self::assertSame('2026-11-24', $clock('2026-11-25 02:00:00', 3));
        self::assertSame('2026-11-25', $clock('2026-11-25 03:00:00', 3));
        self::assertSame('2026-11-25', $clock('2026-11-25 02:00:00', 0));
        // The shop's clock: 23:30 UTC is already tomorrow in Sofia.
        self::assertSame('2026-11-26', BusinessDay::today(0, new DateTimeImmutable('2026-11-25 23:30:00', new \DateTimeZone('UTC')))->format('Y-m-d'));
        foreach (['9', '-1', 'x', '1.5', ''] as $bad) {
            self::assertNull(BusinessDay::validOffset($bad), $bad);
        }
        self::assertSame(8, BusinessDay::validOffset('+8'));
        self::assertSame(0, BusinessDay::offsetOf(14), 'an old time-zone value counts as 0');
        $this->expectException(\InvalidArgumentException::class);
        Sql::window('x; drop', new Window($d, $d));
    }

    public function testEveryDatedReportUsesTheOffsetWindow(): void
    {
        foreach (['dayturnover', 'monthturnover', 'groupturnover', 'monthgroupturnover', 'pluturnover',
            'monthpluturnover', 'closedbills', 'voidplues'] as $name) {
            $r = Registry::get($name);
            self::assertNotNull($r);
            $sql = implode("\n", array_column(array_slice(self::task($r, ['date' => '2026-11-20'], 3), 2), 'SQL'));
            self::assertStringContainsString("03:00:00'", $sql, $name);
            self::assertDoesNotMatchRegularExpression("/'\\d{4}-\\d\\d-\\d\\d 00:00:00'/", $sql, "$name: no window without the offset");
            self::assertStringNotContainsString('23:59:59', $sql, "$name: no lost last second");
        }
        $day = self::task(Registry::get('dayturnover'), ['date' => '2026-11-20'], 3);
        self::assertStringContainsString(
            "b.SELL_DATETIME >= '2026-11-14 03:00:00' and b.SELL_DATETIME < '2026-11-21 03:00:00'",
            $day['LastTurnover']['SQL']
        );
        $month = self::task(Registry::get('monthturnover'), ['date' => '2026-11-20'], 3);
        self::assertStringContainsString("'2026-08-01 03:00:00'", $month['LastTurnover']['SQL'], 'four months back');
        $closed = self::task(Registry::get('closedbills'), ['date' => '2026-11-20'], 5);
        self::assertStringContainsString(
            "h.BH_ENDDATETIME >= '2026-11-20 05:00:00' and h.BH_ENDDATETIME < '2026-11-21 05:00:00'",
            $closed['OpenBillsH']['SQL']
        );
    }

    public function testGroupDrillDownUsesOnlyTheIntegerId(): void
    {
        $r = Registry::get('groupturnover');
        self::assertNotNull($r);
        $sql = self::task($r, ['gid' => '17', 'gname' => "Напитки'", 'gval' => '1'])['GroupTurnover']['SQL'];
        self::assertStringContainsString('GET_SUBGROUPSFORGROUP_RR(17, 0)', $sql);
        self::assertStringNotContainsString('Напитки', $sql);
        $top = self::task($r, ['gid' => 'x'])['GroupTurnover']['SQL'];
        self::assertStringContainsString('GET_TOPGROUPFORPLUGROUP(p.PLU_GROUP_ID, 0)', $top);
        // Expired (E-nav): drill-down and dates are ignored on the server too.
        $p = $r->params(new ReportRequest(['gid' => '17', 'date' => '2026-11-01'], self::today(), 0, false));
        self::assertNull($p->group);
        self::assertTrue($p->period?->isToday());
    }

    public function testNavigationKinds(): void
    {
        $today = new DateTimeImmutable('2026-11-25');
        $d1 = Period::fromQuery(Period::D1, [], $today);
        self::assertTrue($d1->isToday());
        self::assertNull($d1->next());
        self::assertSame([], $d1->query(), 'today needs no date');
        self::assertSame(['date' => '2026-11-24'], $d1->previous()->query());
        self::assertSame([], $d1->previous()->next()?->query());
        $d7 = Period::fromQuery(Period::D7, ['date' => '2026-11-20'], $today);
        self::assertSame(['date' => '2026-11-13'], $d7->previous()->query());
        self::assertSame([], $d7->next()?->query(), 'clamped to today');
        $m = Period::fromQuery(Period::M, ['date' => '2026-03-15'], $today);
        self::assertSame(['date' => '2026-02-28'], $m->previous()->query());
        self::assertSame(['date' => '2026-04-30'], $m->next()?->query());
        $oct = Period::fromQuery(Period::M, ['date' => '2026-10-31'], $today);
        self::assertSame([], $oct->next()?->query(), 'next month is the current one: today');
        $m1 = Period::fromQuery(Period::M1, ['date' => '2026-03-31'], $today);
        self::assertSame(['date' => '2026-02-28'], $m1->previous()->query());
        self::assertSame(['date' => '2026-04-30'], $m1->next()?->query());
        self::assertSame('2026-11-25', Period::fromQuery(Period::D1, ['date' => '2027-01-01'], $today)->date->format('Y-m-d'));
        self::assertSame('2026-11-01', $d1->monthToDate()->start->format('Y-m-d'));
        self::assertSame('2026-08-01', $d1->monthsBack(3)->start->format('Y-m-d'));
        self::assertCount(7, $d1->lastDays(7)->days());
        self::assertCount(4, $d1->monthsBack(3)->months());
    }

    public function testEuroRule(): void
    {
        $dec = new Window(new DateTimeImmutable('2025-12-01'), new DateTimeImmutable('2025-12-31'));
        $jan = new Window(new DateTimeImmutable('2025-12-29'), new DateTimeImmutable('2026-01-04'));
        self::assertFalse(Currency::spansChange($dec));
        self::assertSame(Currency::BGN, Currency::shownIn($dec));
        self::assertTrue(Currency::spansChange($jan));
        self::assertSame(Currency::EUR, Currency::shownIn($jan));
        self::assertSame(Currency::BGN, Currency::baseOn(new DateTimeImmutable('2025-12-31')));
        self::assertSame(Currency::EUR, Currency::baseOn(new DateTimeImmutable('2026-01-01')));
        self::assertEqualsWithDelta(100.0, Currency::convert(195.583, 'BGN', 'EUR'), 1e-9);
        self::assertEqualsWithDelta(195.583, Currency::convert(100.0, 'EUR', 'BGN'), 1e-9);
        self::assertSame(5.0, Currency::convert(5.0, 'EUR', 'EUR'));
        self::assertNull(Currency::convert(5.0, 'USD', 'EUR'));
        self::assertSame('BGN', Currency::code('', 'лв.'));
        self::assertSame('EUR', Currency::code('eur'));
        self::assertSame('EUR', Currency::code('', '€'));
        self::assertSame('', Currency::code('USD', '$'));
    }

    public function testRowsAreReadWithoutRegardToCase(): void
    {
        $answer = ['ResultCode' => 0, 'lastturnover' => [['sell_sum' => 1.5, 'Сум.Прод.Цена' => 2], 'x', null]];
        $rows = Task::rows($answer, 'LastTurnover');
        self::assertCount(1, $rows);
        self::assertSame(1.5, $rows[0]['SELL_SUM']);
        self::assertSame(2, $rows[0]['СУМ.ПРОД.ЦЕНА']);
        self::assertSame(2.0, \Dreport\Reports\ReportView::num($rows[0], 'сум.прод.цена'));
        self::assertSame([], Task::rows(['X' => 'nope'], 'X'));
        $this->expectException(\InvalidArgumentException::class);
        Task::build('a', 'b', ['Pass' => 'select 1']);
    }
}
