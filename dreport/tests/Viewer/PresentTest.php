<?php

declare(strict_types=1);

namespace Dreport\Tests\Viewer;

use DateTimeImmutable;
use Dreport\Reports\Registry;
use Dreport\Reports\ReportRequest;
use Dreport\Reports\ReportView;
use Dreport\View;
use Dreport\Viewer\I18n;
use PHPUnit\Framework\TestCase;

/**
 * Answers (shaped like the client's, keys in any case) turned into the page: numbers,
 * charts drawn from exactly those numbers, the euro rule, escaping of shop names.
 */
final class PresentTest extends TestCase
{
    /** @param array<string,mixed> $query */
    private static function html(
        string $report,
        array $answer,
        array $query = [],
        string $today = '2026-11-25',
        ?string $blocked = null
    ): string {
        $r = Registry::get($report);
        self::assertNotNull($r);
        $p = $r->params(new ReportRequest($query, new DateTimeImmutable($today), 0, $blocked === null));
        $v = new ReportView(new I18n('en'), 'report.php', ['r' => $report, 'id' => '3769d93a'], $blocked);
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

    public function testDayTurnoverChartsSevenDaysAndTheAverageOfTheDaysBefore(): void
    {
        $rows = [];
        foreach (range(19, 25) as $i => $d) {
            $rows[] = ['sell_date' => "$d.11.2026", 'CURR_SIGN' => '€', 'CURR_ABR' => 'EUR', 'SELL_SUM' => 100.0 * ($i + 1), 'RECEIPTS' => 3];
        }
        $html = self::html('dayturnover', [
            'CurrentTurnover' => [array_slice($rows, 5, 1)[0], array_slice($rows, 6, 1)[0]],
            'LastTurnover' => $rows,
            'CurrentPayType' => [['PAY_TYPE' => 1, 'PAYTYPE_NAME' => 'В БРОЙ', 'CURR_SIGN' => '€', 'PAY_SUM' => 700]],
        ]);
        self::assertSame(['19.11' => '100', '20.11' => '200', '21.11' => '300', '22.11' => '400', '23.11' => '500',
            '24.11' => '600', '25.11' => '700'], self::bars($html));
        self::assertStringContainsString('class="avg" data-value="350"', $html, 'mean of the 6 days before the date');
        self::assertMatchesRegularExpression('/day-total.*700\.00 €/s', $html);
        self::assertStringContainsString('В БРОЙ', $html);
        self::assertStringNotContainsString('converted', $html);
    }

    public function testAWeekAcrossTheChangeoverIsOneSeriesInEuro(): void
    {
        $html = self::html('dayturnover', [
            'LastTurnover' => [
                ['SELL_DATE' => '31.12.2025', 'CURR_SIGN' => 'лв', 'CURR_ABR' => 'BGN', 'SELL_SUM' => 195.58],
                ['SELL_DATE' => '31.12.2025', 'CURR_SIGN' => '€', 'CURR_ABR' => 'EUR', 'SELL_SUM' => 10],
                ['SELL_DATE' => '02.01.2026', 'CURR_SIGN' => '€', 'CURR_ABR' => 'EUR', 'SELL_SUM' => 50],
                ['SELL_DATE' => '02.01.2026', 'CURR_SIGN' => '$', 'CURR_ABR' => 'USD', 'SELL_SUM' => 1000],
            ],
        ], ['date' => '2026-01-03'], '2026-01-03');
        $bars = self::bars($html);
        self::assertSame('110', $bars['31.12'], '195.58 лв = 100 € (+10 €)');
        self::assertSame('50', $bars['02.01'], 'another currency stays out of the series');
        self::assertStringContainsString('Revenue (€)', $html);
        self::assertStringContainsString('Amounts before 01.01.2026 converted from BGN at 1.95583', $html);
        self::assertStringContainsString('195.58 лв', $html, 'the table keeps the original currency');
        self::assertStringContainsString('1,000.00 $', $html);
        $jan = self::html('dayturnover', ['CurrentTurnover' => [
            ['SELL_DATE' => '02.01.2026', 'CURR_SIGN' => 'лв', 'CURR_ABR' => 'BGN', 'SELL_SUM' => 195.58],
            ['SELL_DATE' => '02.01.2026', 'CURR_SIGN' => '€', 'CURR_ABR' => 'EUR', 'SELL_SUM' => 50],
        ]], ['date' => '2026-01-02'], '2026-01-03');
        self::assertMatchesRegularExpression('/day-total-comparable.*Total in €.*150\.00 €/s', $jan, 'one comparable total of a mixed day');
        self::assertMatchesRegularExpression('/day-total.*195\.58 лв/s', $jan);
    }

    public function testMonthTrendHasFourMonthsAndConvertsBeforeTheChange(): void
    {
        $html = self::html('monthturnover', [
            'LastTurnover' => [
                ['SELL_DATE_MONTH' => 10, 'SELL_DATE_YEAR' => 2025, 'CURR_SIGN' => 'лв', 'CURR_ABR' => 'BGN', 'SELL_SUM' => 1955.83],
                ['SELL_DATE_MONTH' => 12, 'SELL_DATE_YEAR' => 2025, 'CURR_SIGN' => 'лв', 'CURR_ABR' => 'BGN', 'SELL_SUM' => 3911.66],
                ['SELL_DATE_MONTH' => 1, 'SELL_DATE_YEAR' => 2026, 'CURR_SIGN' => '€', 'CURR_ABR' => 'EUR', 'SELL_SUM' => 500],
            ],
        ], ['date' => '2026-01-20'], '2026-02-10');
        self::assertSame(['Oct 2025' => '1000', 'Nov 2025' => '0', 'Dec 2025' => '2000', 'Jan 2026' => '500'], self::bars($html));
        self::assertStringContainsString('class="avg" data-value="1000"', $html, 'average of the 3 months before');
        self::assertMatchesRegularExpression('/month-total.*500\.00 €/s', $html);
        self::assertStringContainsString('converted from BGN', $html);
    }

    public function testGroupsDrillDownAndBackAndNamesAreEscaped(): void
    {
        $html = self::html('groupturnover', ['GroupTurnover' => [
            ['O_GRP_NAME_TOP' => '<b>Напитки</b>', 'O_GRP_ID_TOP' => 3, 'O_GRP_PARENT_TOP' => -1, 'TURNOVER' => 120.5],
            ['O_GRP_NAME_TOP' => 'Храни', 'O_GRP_ID_TOP' => 4, 'O_GRP_PARENT_TOP' => -1, 'TURNOVER' => 80],
        ]], ['date' => '2026-11-20']);
        self::assertStringNotContainsString('<b>Напитки', $html);
        self::assertStringContainsString('&lt;b&gt;Напитки', $html);
        self::assertStringContainsString('gid=3', $html);
        self::assertMatchesRegularExpression('#<a href="report\.php\?r=groupturnover[^"]*gid=3[^"]*" class="bar-link"><g class="bar"#', $html, 'a bar opens its sub-groups');
        preg_match('#<svg.*?</svg>#s', $html, $svg);
        self::assertNotFalse(simplexml_load_string($svg[0]), 'well-formed SVG with links');
        self::assertStringContainsString('date=2026-11-20', $html);
        self::assertMatchesRegularExpression('/<tfoot>.*200\.50 €/s', $html);
        $sub = self::html('groupturnover', ['GroupTurnover' => [
            ['O_GRP_NAME_TOP' => 'Бира', 'O_GRP_ID_TOP' => 31, 'O_GRP_PARENT_TOP' => 3, 'TURNOVER' => 20],
        ]], ['gid' => '31', 'gname' => 'Бира', 'gval' => '20.00']);
        self::assertMatchesRegularExpression('/href="[^"]*gid=3[^1]/', $sub, 'Back goes to the parent level');
        $blocked = self::html('groupturnover', ['GroupTurnover' => [
            ['O_GRP_NAME_TOP' => 'Храни', 'O_GRP_ID_TOP' => 4, 'O_GRP_PARENT_TOP' => -1, 'TURNOVER' => 80],
        ]], [], '2026-11-25', 'expired on 01.01.2026');
        self::assertStringNotContainsString('gid=4', $blocked, 'no drill-down when expired (E-nav)');
        self::assertStringContainsString('title="expired on 01.01.2026"', $blocked);
    }

    public function testBillsExpandToTheirLinesWithCountAndAmount(): void
    {
        $html = self::html('openbills', [
            'OpenBillsH' => [
                ['BH_ID' => 7, 'BH_BILLNUMB' => 12, 'BH_TIME' => '25.11.2026 12:05:00', 'BH_SUM' => 10.5, 'CURR_SIGN' => '€', 'BH_OPERNAME' => 'Иван'],
                ['BH_ID' => 8, 'BH_BILLNUMB' => 13, 'BH_TIME' => '25.11.2026 12:06:00', 'BH_SUM' => 4, 'CURR_SIGN' => '€', 'BH_OPERNAME' => 'Мария'],
            ],
            'OpenBillsP' => [
                ['BP_HDRID' => 7, 'BP_SHORTNAME' => 'Кафе', 'BP_QUANTITY' => 3, 'BP_MSRUNITNAME' => 'бр', 'BP_UNITPRICE' => 3.5, 'BP_AMOUNT' => 10.5, 'BP_REVOKED' => 0],
                ['BP_HDRID' => 7, 'BP_SHORTNAME' => 'Вода', 'BP_QUANTITY' => 1, 'BP_UNITPRICE' => 1, 'BP_AMOUNT' => 1, 'BP_REVOKED' => 1],
            ],
        ]);
        self::assertSame(2, substr_count($html, '<details class="card bill">'));
        self::assertMatchesRegularExpression('/bill-count.*>2</s', $html);
        self::assertMatchesRegularExpression('/bill-amount.*14\.50 €/s', $html);
        self::assertStringContainsString('25.11.26 12:05', $html);
        self::assertStringContainsString('voided', $html);
    }

    public function testVoidedItemsAreGroupedByOperator(): void
    {
        $html = self::html('voidplues', [
            'VoidPluesOpen' => [],
            'VoidPluesClosed' => [
                ['OPER_ID' => 2, 'OPER_NAME' => 'Иван', 'VOID_TIME' => '24.11.2026 10:00:00', 'BILL_NO' => 5, 'PLU_NAME' => 'Кафе', 'QTY' => 2, 'PRICE' => 1.5, 'CURR' => '€'],
                ['OPER_ID' => 2, 'OPER_NAME' => 'Иван', 'VOID_TIME' => '24.11.2026 11:00:00', 'BILL_NO' => 6, 'PLU_NAME' => 'Чай', 'QTY' => 1, 'PRICE' => 2, 'CURR' => '€'],
                ['OPER_ID' => 3, 'OPER_NAME' => 'Мария', 'VOID_TIME' => '25.11.2026 09:00:00', 'BILL_NO' => 7, 'PLU_NAME' => 'Сок', 'QTY' => 1, 'PRICE' => 3, 'CURR' => '€'],
            ],
        ]);
        self::assertSame(2, substr_count($html, '<details class="card bill">'), 'one row per operator');
        self::assertMatchesRegularExpression('/void-closed-count.*>3</s', $html);
        self::assertMatchesRegularExpression('/void-closed-total.*8\.00 €/s', $html);
        self::assertStringContainsString('Dates: 19.11.2026 - 25.11.2026', $html);
    }

    public function testEmptyAnswersSayNoData(): void
    {
        foreach (['dayturnover', 'monthturnover', 'groupturnover', 'monthgroupturnover', 'pluturnover',
            'monthpluturnover', 'openbills', 'closedbills', 'voidplues'] as $name) {
            $html = self::html($name, []);
            self::assertMatchesRegularExpression('/No data|no open bills|0\.00/', $html, $name);
        }
    }
}
