<?php

declare(strict_types=1);

namespace Dreport\Tests\Viewer;

use DateTimeImmutable;
use Dreport\Reports\Registry;
use Dreport\Reports\ReportView;
use Dreport\View;
use Dreport\Viewer\I18n;
use PHPUnit\Framework\TestCase;

/**
 * Answers (shaped like the client's) turned into the page: numbers, charts drawn from
 * exactly those numbers, escaping of names that come from shops' PCs.
 */
final class PresentTest extends TestCase
{
    private static function html(string $report, array $answer, array $query = [], string $lang = 'en'): string
    {
        $r = Registry::get($report);
        $p = $r->params($query, new DateTimeImmutable('2026-11-25'));
        $v = new ReportView(new I18n($lang), 'report.php', ['r' => $report, 'id' => '3769d93a']);
        $blocks = $r->present($answer + ['ResultCode' => 0, 'ResultMessage' => 'OK'], $p, $v);
        return (new View())->render('viewer/blocks', ['blocks' => $blocks]);
    }

    /** @return array<string,string> data-label => data-value of the chart bars */
    private static function bars(string $html): array
    {
        preg_match_all('/<g class="bar" data-label="([^"]*)" data-value="([^"]*)"/', $html, $m, PREG_SET_ORDER);
        $out = [];
        foreach ($m as $x) {
            $out[html_entity_decode($x[1], ENT_QUOTES)] = $x[2];
        }
        return $out;
    }

    public function testDayTurnoverChartsTheSevenDaysWithAverage(): void
    {
        $html = self::html('dayturnover', [
            'DayTurnover' => [
                ['CURR_SIGN' => 'лв', 'CURR_ISBASE' => 1, 'TOTAL' => 1234.5, 'RECEIPTS' => 40],
                ['CURR_SIGN' => 'EUR', 'CURR_ISBASE' => 0, 'TOTAL' => 50, 'RECEIPTS' => 2],
            ],
            'PrevDayTurnover' => [['CURR_SIGN' => 'лв', 'CURR_ISBASE' => 1, 'TOTAL' => 999.99, 'RECEIPTS' => 33]],
            'DailyTurnover' => [
                ['DAY' => '19.11.2026', 'TOTAL' => 700, 'RECEIPTS' => 20],
                ['DAY' => '24.11.2026', 'TOTAL' => 999.99, 'RECEIPTS' => 33],
                ['DAY' => '25.11.2026', 'TOTAL' => 1234.5, 'RECEIPTS' => 40],
            ],
            'PaymentTypes' => [['PAYTYPE_NAME' => 'В брой', 'TOTAL' => 1000], ['PAYTYPE_NAME' => 'Карта', 'TOTAL' => 234.5]],
        ]);
        self::assertStringContainsString('1,234.50 лв', $html);
        self::assertStringContainsString('999.99', $html);
        self::assertStringContainsString('30.86', $html, 'average receipt 1234.5/40');
        $bars = self::bars($html);
        self::assertSame(
            ['Thu 19' => '700', 'Fri 20' => '0', 'Sat 21' => '0', 'Sun 22' => '0', 'Mon 23' => '0', 'Tue 24' => '999.99', 'Wed 25' => '1234.5', 'В брой' => '1000', 'Карта' => '234.5'],
            $bars
        );
        self::assertMatchesRegularExpression('/class="avg" data-value="419.21"/', $html, '(700+999.99+1234.5)/7');
        self::assertStringContainsString('EUR', $html);
    }

    public function testMonthTurnoverFillsEveryDay(): void
    {
        $html = self::html('monthturnover', [
            'DailyTurnover' => [['DAY' => '02.10.2026', 'TOTAL' => 310, 'RECEIPTS' => 3]],
            'PaymentTypes' => [],
        ], ['m' => '2026-10'], 'bg');
        $bars = self::bars($html);
        self::assertCount(31, $bars);
        self::assertSame('310', $bars['2']);
        self::assertSame('0', $bars['31']);
        self::assertStringContainsString("310,00", $html);
        self::assertStringContainsString('Общо', $html);
    }

    public function testNamesFromTheShopAreEscaped(): void
    {
        $evil = '<script>alert(1)</script>"&';
        $html = self::html('topitems', ['TopItems' => [['PLU_NUMB' => 7, 'NAME' => $evil, 'QTY' => 2.5, 'TOTAL' => 10]]]);
        self::assertStringNotContainsString('<script>', $html);
        self::assertStringContainsString('&lt;script&gt;', $html);
        $html = self::html('operators', ['OperatorSales' => [['OPERATOR_ID' => 1, 'OPERATOR_NAME' => $evil, 'TOTAL' => 5, 'RECEIPTS' => 1]]]);
        self::assertStringNotContainsString('<script>', $html);
        $html = self::html('openbills', [
            'OpenBills' => [['BH_ID' => 1, 'BH_BILLNUMB' => $evil, 'BH_STARTDATETIME' => '25.11.2026 12:30', 'BH_SUM' => 3, 'BH_OPERNAME' => $evil, 'BH_OPENTERMINAL' => 1, 'BH_PLUCOUNT' => 1]],
            'OpenBillLines' => [['BP_HDRID' => 1, 'BP_SHORTNAME' => $evil, 'BP_QUANTITY' => 1, 'BP_MSRUNITNAME' => 'бр', 'BP_SELLPRICE' => 3, 'BP_DISCOUNT' => 0]],
        ]);
        self::assertStringNotContainsString('<script>', $html);
        self::assertStringContainsString('12:30', $html);
    }

    public function testGroupsLinkOnlyGroupsWithChildren(): void
    {
        $html = self::html('groups', ['GroupTurnover' => [
            ['GRP_ID' => 3, 'GRP_NAME' => 'Напитки', 'TOTAL' => 100, 'QTY' => 10, 'HAS_CHILDREN' => 1],
            ['GRP_ID' => 4, 'GRP_NAME' => 'Хляб', 'TOTAL' => 50, 'QTY' => 20, 'HAS_CHILDREN' => 0],
        ]]);
        self::assertStringContainsString('g=3&amp;gn=%D0%9D', $html);
        self::assertStringNotContainsString('g=4', $html);
        $html = self::html('groups', ['GroupTurnover' => []], ['g' => '3', 'gn' => 'Напитки']);
        self::assertStringContainsString('All groups', $html);
        self::assertStringContainsString('<strong>Напитки</strong>', $html);
    }

    public function testOpenBillsGroupLinesUnderTheirBill(): void
    {
        $html = self::html('openbills', [
            'OpenBills' => [
                ['BH_ID' => 11, 'BH_BILLNUMB' => 'A-1', 'BH_STARTDATETIME' => '25.11.2026 09:05', 'BH_SUM' => 12.4, 'BH_OPERNAME' => 'Ива', 'BH_OPENTERMINAL' => 2, 'BH_PLUCOUNT' => 2],
                ['BH_ID' => 12, 'BH_BILLNUMB' => 'A-2', 'BH_STARTDATETIME' => '25.11.2026 10:15', 'BH_SUM' => 3, 'BH_OPERNAME' => 'Петър', 'BH_OPENTERMINAL' => 1, 'BH_PLUCOUNT' => 1],
            ],
            'OpenBillLines' => [
                ['BP_HDRID' => 11, 'BP_SHORTNAME' => 'Кафе', 'BP_QUANTITY' => 2, 'BP_MSRUNITNAME' => 'бр', 'BP_SELLPRICE' => 2.2, 'BP_DISCOUNT' => 0],
                ['BP_HDRID' => 11, 'BP_SHORTNAME' => 'Торта', 'BP_QUANTITY' => 1, 'BP_MSRUNITNAME' => 'бр', 'BP_SELLPRICE' => 10, 'BP_DISCOUNT' => 20],
                ['BP_HDRID' => 12, 'BP_SHORTNAME' => 'Вода', 'BP_QUANTITY' => 1, 'BP_MSRUNITNAME' => 'бр', 'BP_SELLPRICE' => 3, 'BP_DISCOUNT' => 0],
            ],
        ]);
        self::assertSame(2, substr_count($html, '<details class="card bill">'));
        $first = substr($html, (int) strpos($html, 'A-1'), (int) strpos($html, 'A-2') - (int) strpos($html, 'A-1'));
        self::assertStringContainsString('Кафе', $first);
        self::assertStringContainsString('Торта', $first);
        self::assertStringNotContainsString('Вода', $first);
        self::assertStringContainsString('15.40', $html, 'total of open bills (their BH_SUM)');
        self::assertStringContainsString('Торта<br><span class="muted sub">Disc. % 20</span>', $first);
        self::assertStringContainsString('<td class="num">8.00</td>', $first, '1 × 10.00 − 20 %');
    }

    public function testVoidedShowsTheOperatorUnderTheItem(): void
    {
        $html = self::html('voided', ['VoidedItems' => [
            ['BP_MARKDATETIME' => '25.11.2026 13:07', 'BP_SHORTNAME' => 'Бира', 'BP_QUANTITY' => 2, 'BP_SELLPRICE' => 3.2, 'BP_OPERNAME' => 'Ива'],
        ]]);
        self::assertStringContainsString('<td>13:07</td><td>Бира<br><span class="muted sub">Ива</span></td>', $html);
        self::assertStringContainsString('6.40', $html);
    }

    public function testEmptyAnswersSayNoData(): void
    {
        foreach (['topitems', 'groups', 'operators', 'voided'] as $r) {
            self::assertStringContainsString('No data for this period.', self::html($r, []), $r);
        }
        self::assertStringContainsString('There are no open bills.', self::html('openbills', []));
    }
}
