<?php

declare(strict_types=1);

namespace Dreport\Tests\Viewer;

use DateTimeImmutable;
use Dreport\Reports\ActiveTickets;
use Dreport\Reports\BosSalesMonthlyTurnover;
use Dreport\Reports\ConsumablesExpenses;
use Dreport\Reports\DailySalesByOperators;
use Dreport\Reports\GoodsExpenses;
use Dreport\Reports\ItemDailySales;
use Dreport\Reports\ItemMonthlySales;
use Dreport\Reports\ItemStock;
use Dreport\Reports\Registry;
use Dreport\Reports\Report;
use Dreport\Reports\ReportRequest;
use Dreport\Reports\ReportView;
use Dreport\Reports\Task;
use Dreport\Reports\Tickets;
use Dreport\Reports\TicketsControl;
use Dreport\Viewer\I18n;
use PHPUnit\Framework\TestCase;

/**
 * The reports of issue 12 point 2 (operators, print groups, expenses, BOS, tickets, item
 * pages): catalogue pages, parameter validation (bad dates, SQL in parameters, paging
 * bounds, item numbers), the business-day window in the SQL, the per-object expense group,
 * case-insensitive answer keys, the euro changeover and the tickets' zero date.
 */
final class ShopReportsTest extends TestCase
{
    /** §C r_href (and the item pages) => report name. */
    private const PAGES = [
        'DailySalesByOperators.php' => 'dailysalesbyoperators',
        'MonthlySalesByOperators.php' => 'monthlysalesbyoperators',
        'DailySalesByPrintGroup.php' => 'dailysalesbyprintgroup',
        'MonthlySalesByPrintGroup.php' => 'monthlysalesbyprintgroup',
        'monthlyexpenses.php' => 'consumablesexpenses',
        'monthlyStockExpenses.php' => 'goodsexpenses',
        'BOSSalesTurnover.php' => 'bossalesturnover',
        'BOSSalesMonthlyTurnover.php' => 'bossalesmonthlyturnover',
        'BOSSalesCounterpartyTurnover.php' => 'bossalescounterpartyturnover',
        'BOSSalesCounterpartyMonthlyTurnover.php' => 'bossalescounterpartymonthlyturnover',
        'ActiveTickets.php' => 'activetickets',
        'TicketsControl.php' => 'ticketscontrol',
        'plueStorageAvailability.php' => 'itemstock',
        'plueDailySales.php' => 'itemdailysales',
        'plueMonthlySales.php' => 'itemmonthlysales',
    ];

    private const HOSTILE = [
        ['date' => "2026-11-20' or 1=1 --"],
        ['date' => '2026-02-30'],
        ['date' => ['2026-11-20']],
        ['date' => '2999-01-01'],
        ['page' => "2; delete from PAC_ACCESSLIST"],
        ['page' => '-1'],
        ['page' => '1e3'],
        ['plu' => "5' or '1'='1"],
        ['pluNumb' => '12 union select 1'],
        ['plu' => ['7']],
        ['plu' => '7', 'pluName' => "x'); delete from PLUES; --"],
    ];

    private static function today(): DateTimeImmutable
    {
        return new DateTimeImmutable('2026-11-25 00:00:00');
    }

    /** @param array<string,mixed> $query @param array<string,int> $settings @return array<string,string> */
    private static function sql(Report $r, array $query, int $offset = 0, array $settings = []): array
    {
        $p = $r->params(new ReportRequest($query, self::today(), $offset, true, '3769d93a', $settings));
        $task = Task::build('3769d93a', str_repeat('a', 32), $r->queries($p));
        json_encode($task, JSON_THROW_ON_ERROR);
        return $r->queries($p);
    }

    private static function view(string $lang = 'en'): ReportView
    {
        return new ReportView(new I18n($lang), 'report.php', ['r' => 'x', 'id' => '3769d93a']);
    }

    /** @param list<array<string,mixed>> $blocks */
    private static function flat(array $blocks): string
    {
        return (string) json_encode($blocks, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
    }

    public function testEveryCataloguePageOpensItsReport(): void
    {
        foreach (self::PAGES as $page => $name) {
            $r = Registry::forPage($page);
            self::assertNotNull($r, $page);
            self::assertSame($name, $r->name(), $page);
            self::assertSame($name, Registry::forHref($page . '?id=3769d93a')?->name());
            self::assertSame($name, Registry::forPage(strtolower($page))?->name(), 'case-insensitive ' . $page);
            $i18n = new I18n('bg');
            self::assertTrue($i18n->has($r->titleKey()), 'title text for ' . $name);
        }
    }

    public function testExpiryAndNavigationKindsFollowTheOriginalPages(): void
    {
        $want = [
            'dailysalesbyoperators' => ['E-nav', 'D1'], 'monthlysalesbyoperators' => ['E-nav', 'M1'],
            'dailysalesbyprintgroup' => ['E-nav', 'D1'], 'monthlysalesbyprintgroup' => ['E-nav', 'M1'],
            'consumablesexpenses' => ['E-block', 'M'], 'goodsexpenses' => ['E-block', 'M'],
            'bossalesturnover' => ['E-nav', 'D1'], 'bossalesmonthlyturnover' => ['E-nav', 'M'],
            'bossalescounterpartyturnover' => ['E-nav', 'D1'], 'bossalescounterpartymonthlyturnover' => ['E-nav', 'M'],
            'activetickets' => ['E-none', 'NONE'], 'ticketscontrol' => ['E-none', 'NONE'],
            'itemstock' => ['E-none', 'NONE'], 'itemdailysales' => ['E-block', 'D1'], 'itemmonthlysales' => ['E-nav', 'M1'],
        ];
        $consts = [
            'E-nav' => \Dreport\Viewer\Subscription::E_NAV,
            'E-block' => \Dreport\Viewer\Subscription::E_BLOCK,
            'E-none' => \Dreport\Viewer\Subscription::E_NONE,
        ];
        foreach ($want as $name => [$expiry, $nav]) {
            $r = Registry::get($name);
            self::assertInstanceOf(\Dreport\Reports\BaseReport::class, $r);
            self::assertSame($consts[$expiry], $r->expiry(), "$name expiry");
            self::assertSame(constant(\Dreport\Reports\Period::class . '::' . $nav), $r->nav(), "$name nav");
        }
        // Expired E-nav: the date of the URL is ignored (today), the item number is kept.
        $r = new ItemMonthlySales();
        $p = $r->params(new ReportRequest(['plu' => '9', 'date' => '2026-03-10'], self::today(), 0, false));
        self::assertSame('2026-11-25', $p->period?->date->format('Y-m-d'));
        self::assertStringContainsString('PLU_NUMB = 9', $r->queries($p)['Item']);
    }

    public function testNoRequestValueReachesTheSql(): void
    {
        foreach (array_unique(self::PAGES) as $name) {
            $r = Registry::get($name);
            self::assertNotNull($r);
            foreach (self::HOSTILE as $q) {
                foreach (self::sql($r, $q) as $ds => $sql) {
                    foreach (['or 1=1', 'delete', 'union', "'1'='1", '2999', '2026-02-30', '1e3'] as $bad) {
                        self::assertStringNotContainsStringIgnoringCase($bad, $sql, "$name/$ds " . json_encode($q));
                    }
                    self::assertSame(substr_count($sql, "'") % 2, 0, "balanced quotes $name/$ds");
                }
            }
        }
    }

    public function testBusinessDayWindowWithOffsetAndNoLostSecond(): void
    {
        $sql = self::sql(new DailySalesByOperators(), ['date' => '2026-11-20'], 3)['OperatorSales'];
        self::assertStringContainsString(
            "(b.SELL_DATETIME >= '2026-11-20 03:00:00' and b.SELL_DATETIME < '2026-11-21 03:00:00')",
            $sql
        );
        $month = self::sql(Registry::get('monthlysalesbyoperators'), ['date' => '2026-10-05'], 0)['OperatorSales'];
        self::assertStringContainsString(">= '2026-10-01 00:00:00'", $month);
        self::assertStringContainsString("< '2026-11-01 00:00:00'", $month, 'the whole last day of October');
        // Current month: up to the end of today's business day.
        $now = self::sql(Registry::get('monthlysalesbyprintgroup'), [], 2)['PrintGroupSales'];
        self::assertStringContainsString(">= '2026-11-01 02:00:00'", $now);
        self::assertStringContainsString("< '2026-11-26 02:00:00'", $now);
        // Grouping by business day moves the timestamp back by the offset.
        $bos = self::sql(Registry::get('bossalesturnover'), ['date' => '2026-11-20'], 3)['BosDaily'];
        self::assertStringContainsString('cast(dateadd(-3 hour to s.SUP_DATETIME) as date)', $bos);
        self::assertStringContainsString(">= '2026-11-14 03:00:00'", $bos, '7 days ending with the date');
        // Item monthly: the month's last day is included (the original lost it).
        $item = self::sql(new ItemMonthlySales(), ['plu' => '5', 'date' => '2026-10-15'])['ItemMonthlySales'];
        self::assertStringContainsString(">= '2026-07-01 00:00:00'", $item);
        self::assertStringContainsString("< '2026-11-01 00:00:00'", $item);
    }

    public function testBadAndFutureDatesFallBackToToday(): void
    {
        foreach ([['date' => 'x'], ['date' => '2026-13-01'], ['date' => '2027-01-01'], []] as $q) {
            $sql = self::sql(new DailySalesByOperators(), $q)['OperatorSales'];
            self::assertStringContainsString(">= '2026-11-25 00:00:00'", $sql, json_encode($q));
        }
    }

    public function testTicketsPagingBounds(): void
    {
        $r = new TicketsControl();
        $cases = ['1' => 0, '2' => 15, '0' => 0, '-3' => 0, 'abc' => 0, '100000' => 99999 * 15, '100001' => 0];
        foreach ($cases as $page => $skip) {
            $sql = self::sql($r, ['page' => (string) $page])['TicketsControl'];
            self::assertMatchesRegularExpression('/^select first 15 skip ' . $skip . ' /', $sql, "page $page");
        }
        self::assertSame(1, TicketsControl::page(['2']));
    }

    public function testItemNumberIsValidatedAndTheNameComesFromTheShop(): void
    {
        $sql = self::sql(new ItemStock(), ['pluNumb' => '1234', 'pluName' => 'Hacked name']);
        self::assertStringContainsString('where p.PLU_NUMB = 1234', $sql['Item']);
        self::assertStringContainsString('q.SQ_PLUNUMB = 1234', $sql['ItemStock']);
        self::assertStringNotContainsString('Hacked', implode(' ', $sql));
        $bad = self::sql(new ItemDailySales(), ['plu' => '12abc']);
        self::assertStringContainsString('PLU_NUMB = 0', $bad['Item']);
        $v = self::view();
        $p = (new ItemStock())->params(new ReportRequest(['plu' => 'x'], self::today()));
        self::assertStringContainsString('Invalid item number', self::flat((new ItemStock())->present(['ResultCode' => 0], $p, $v)));
        $p = (new ItemStock())->params(new ReportRequest(['plu' => '77', 'pluName' => 'URL name'], self::today()));
        $answer = ['ResultCode' => 0, 'Item' => [['plu_numb' => 77, 'Plu_Name' => 'Кафе от магазина', 'UNIT' => 'бр']],
            'ItemStock' => [['STORAGE_NUMB' => 1, 'STORAGE_NAME' => 'Склад', 'SQ_QUANTITY' => 2.5],
                ['STORAGE_NUMB' => 2, 'STORAGE_NAME' => 'Бар', 'SQ_QUANTITY' => 1]]];
        $out = self::flat((new ItemStock())->present($answer, $p, $v));
        self::assertStringContainsString('Кафе от магазина', $out);
        self::assertStringNotContainsString('URL name', $out);
        self::assertStringContainsString('3.500 бр', $out, 'total stock');
        $none = self::flat((new ItemStock())->present(['ResultCode' => 0, 'Item' => []], $p, $v));
        self::assertStringContainsString('There is no item number 77', $none);
    }

    public function testExpenseGroupIsThePerObjectSetting(): void
    {
        self::assertStringContainsString('p.PLU_GROUP_ID = 84', self::sql(new ConsumablesExpenses(), [])['ExpensesHeader']);
        self::assertStringContainsString('p.PLU_GROUP_ID <> 84', self::sql(new GoodsExpenses(), [])['ExpensesDetails']);
        $s = ['expense_group' => 12];
        self::assertStringContainsString('p.PLU_GROUP_ID = 12', self::sql(new ConsumablesExpenses(), [], 0, $s)['ExpensesHeader']);
        self::assertStringContainsString('p.PLU_GROUP_ID <> 12', self::sql(new GoodsExpenses(), [], 0, $s)['ExpensesHeader']);
        self::assertStringContainsString(
            'p.PLU_GROUP_ID = 84',
            self::sql(new ConsumablesExpenses(), [], 0, ['expense_group' => '12 or 1=1'])['ExpensesHeader']
        );
        $sql = self::sql(new ConsumablesExpenses(), ['date' => '2026-10-10'], 4)['ExpensesHeader'];
        self::assertStringContainsString("(sp.SUPP_DATETIME >= '2026-10-01 04:00:00' and sp.SUPP_DATETIME < '2026-10-11 04:00:00')", $sql);
    }

    public function testAnswerKeysAreReadWithoutRegardToCase(): void
    {
        $r = new DailySalesByOperators();
        $p = $r->params(new ReportRequest([], self::today()));
        $answer = ['ResultCode' => 0, 'OperatorSales' => [
            ['Operator_Id' => 1, 'operator_name' => 'Иван', 'Currency' => 'EUR', 'curr_sign' => '€', 'Total' => 120.5, 'receipts' => 3],
            ['OPERATOR_ID' => 2, 'OPERATOR_NAME' => 'Мария', 'CURRENCY' => 'EUR', 'CURR_SIGN' => '€', 'TOTAL' => 79.5, 'RECEIPTS' => 2],
        ]];
        $blocks = $r->present($answer, $p, self::view());
        $out = self::flat($blocks);
        self::assertStringContainsString('Иван', $out);
        self::assertStringContainsString('200.00 €', $out, 'total of both operators');
        self::assertStringContainsString('data-value=\"120.5\"', $out);
    }

    public function testBgnAndEuroOfOneNameAreOneBarInTheCurrencyShown(): void
    {
        $r = new DailySalesByOperators();
        $p = $r->params(new ReportRequest(['date' => '2026-01-03'], self::today()));
        $answer = ['ResultCode' => 0, 'OperatorSales' => [
            ['OPERATOR_ID' => 1, 'OPERATOR_NAME' => 'Иван', 'CURRENCY' => 'BGN', 'CURR_SIGN' => 'лв', 'TOTAL' => 195.583, 'RECEIPTS' => 2],
            ['OPERATOR_ID' => 1, 'OPERATOR_NAME' => 'Иван', 'CURRENCY' => 'EUR', 'CURR_SIGN' => '€', 'TOTAL' => 100, 'RECEIPTS' => 3],
            ['OPERATOR_ID' => 2, 'OPERATOR_NAME' => 'Мария', 'CURRENCY' => 'EUR', 'CURR_SIGN' => '€', 'TOTAL' => 150, 'RECEIPTS' => 1],
            ['OPERATOR_ID' => 2, 'OPERATOR_NAME' => 'Мария', 'CURRENCY' => 'USD', 'CURR_SIGN' => '$', 'TOTAL' => 30, 'RECEIPTS' => 1],
        ]];
        $out = self::flat($r->present($answer, $p, self::view()));
        self::assertStringContainsString('data-label=\"Иван\" data-value=\"200\"', $out);
        self::assertStringContainsString('data-label=\"Мария\" data-value=\"150\"', $out);
        self::assertStringContainsString('data-label=\"Мария ($)\" data-value=\"30\"', $out, 'other currencies keep their own bar');
        self::assertStringContainsString('195.58 лв', $out, 'the table keeps the original currency');
        self::assertStringContainsString('total-BGN', $out);
        self::assertStringContainsString('euro-note', $out);
    }

    public function testMonthlyItemSalesConvertBgnMonthsWhenAEuroMonthIsShown(): void
    {
        $r = new ItemMonthlySales();
        $p = $r->params(new ReportRequest(['plu' => '5', 'date' => '2026-01-20'], new DateTimeImmutable('2026-02-10')));
        $answer = ['ResultCode' => 0, 'Item' => [['PLU_NUMB' => 5, 'PLU_NAME' => 'Бира', 'UNIT' => 'бр']],
            'ItemMonthlySales' => [
                ['SELL_YEAR' => 2025, 'SELL_MONTH' => 10, 'TOTAL' => 195.583, 'QTY' => 10, 'LINES' => 4],
                ['SELL_YEAR' => 2025, 'SELL_MONTH' => 12, 'TOTAL' => 391.166, 'QTY' => 20, 'LINES' => 8],
                ['SELL_YEAR' => 2026, 'SELL_MONTH' => 1, 'TOTAL' => 150, 'QTY' => 15, 'LINES' => 6],
            ]];
        $out = self::flat($r->present($answer, $p, self::view()));
        // Oct 2025 100 € (converted), Nov 0, Dec 200 € (converted), Jan 2026 150 € as booked.
        foreach (['10.2025' => '100', '11.2025' => '0', '12.2025' => '200', '01.2026' => '150'] as $label => $value) {
            self::assertStringContainsString('data-label=\"' . $label . '\" data-value=\"' . $value . '\"', $out, $label);
        }
        self::assertStringContainsString('euro-note', $out);
        self::assertStringContainsString('150.00 €', $out, 'the month in its own currency');
        // A window inside one currency era has no note.
        $p2 = $r->params(new ReportRequest(['plu' => '5', 'date' => '2026-10-20'], self::today()));
        self::assertStringNotContainsString('euro-note', self::flat($r->present($answer, $p2, self::view())));
    }

    public function testBosMonthlyTrendAverageExcludesTheCurrentMonth(): void
    {
        $r = new BosSalesMonthlyTurnover();
        $p = $r->params(new ReportRequest([], self::today()));
        $answer = ['ResultCode' => 0, 'BosMonthly' => [
            ['SELL_YEAR' => 2026, 'SELL_MONTH' => 8, 'CURRENCY' => 'EUR', 'CURR_SIGN' => '€', 'TOTAL' => 100],
            ['SELL_YEAR' => 2026, 'SELL_MONTH' => 9, 'CURRENCY' => 'EUR', 'CURR_SIGN' => '€', 'TOTAL' => 200],
            ['SELL_YEAR' => 2026, 'SELL_MONTH' => 10, 'CURRENCY' => 'EUR', 'CURR_SIGN' => '€', 'TOTAL' => 300],
            ['SELL_YEAR' => 2026, 'SELL_MONTH' => 11, 'CURRENCY' => 'EUR', 'CURR_SIGN' => '€', 'TOTAL' => 999],
        ], 'BosDocTypes' => [['DOCUMENT_ID' => 1, 'DOCUMENT_NAME' => 'Фактура', 'CURRENCY' => 'EUR', 'CURR_SIGN' => '€', 'TOTAL' => 999, 'DOCS' => 3]]];
        $out = self::flat($r->present($answer, $p, self::view()));
        self::assertStringContainsString('class=\"avg\" data-value=\"200\"', $out);
        self::assertStringContainsString('999.00 €', $out);
        self::assertStringContainsString('Фактура', $out);
    }

    public function testTicketsZeroDateIsShownAsDash(): void
    {
        self::assertSame('-', Tickets::shown('30.12.1899'));
        self::assertSame('-', Tickets::shown('30.12.1899 00:00:00'));
        self::assertSame('-', Tickets::shown(null));
        self::assertSame('01.01.2027', Tickets::shown('01.01.2027'));
        $r = new TicketsControl();
        $p = $r->params(new ReportRequest(['page' => '2'], self::today()));
        $rows = [];
        for ($i = 0; $i < 15; $i++) {
            $rows[] = ['OWNER' => 'Клуб', 'PAC_CARDID' => 'C' . $i, 'PAC_VALIDFROMD' => '30.12.1899',
                'PAC_VALIDFROMT' => null, 'PAC_VALIDTOD' => '01.01.2027', 'PAC_VALIDTOT' => '23:59:59'];
        }
        $out = self::flat($r->present(['ResultCode' => 0, 'TicketsControl' => $rows, 'TicketsCount' => [['CARDS' => 40]]], $p, self::view()));
        self::assertStringContainsString('Page 2 of 3', $out);
        self::assertStringNotContainsString('1899', $out);
        self::assertStringContainsString('page=1', $out);
        self::assertStringContainsString('page=3', $out);
        $a = new ActiveTickets();
        $out = self::flat($a->present(['ResultCode' => 0, 'ActiveTickets' => [['OWNER' => 'POS', 'COUNT' => 2, 'CARDS' => 2]]], $a->params(new ReportRequest([], self::today())), self::view()));
        self::assertStringContainsString('POS', $out);
    }

    public function testEveryReportSaysNoDataOnEmptyAnswersInBothLanguages(): void
    {
        foreach (array_unique(self::PAGES) as $name) {
            $r = Registry::get($name);
            self::assertNotNull($r);
            foreach (['bg', 'en'] as $lang) {
                $p = $r->params(new ReportRequest(['plu' => '5'], self::today()));
                $blocks = $r->present(['ResultCode' => 0], $p, self::view($lang));
                self::assertNotSame([], $blocks, $name);
                self::assertDoesNotMatchRegularExpression('/"(r_|no_|item_)[a-z_]+"/', self::flat($blocks), "untranslated key in $name/$lang");
            }
        }
    }
}
