<?php

declare(strict_types=1);

namespace Dreport\Tests\Viewer;

use DateTimeImmutable;
use Dreport\Reports\Registry;
use Dreport\Reports\ReportView;
use Dreport\Tests\FirebirdReportCase;
use Dreport\Viewer\I18n;

/**
 * The SQL of the issue-12 reports on a real Firebird shop database (the repository's shop
 * DDL, embedded isql-fb): every dataset of every report runs without a Firebird error, for
 * several dates and offsets, and the key numbers equal independent queries written here
 * (plain SQL over the same rows, not the reports' SQL). The answers then go through the
 * reports' present() as the client would send them.
 */
final class ShopReportsFirebirdTest extends FirebirdReportCase
{
    /** Rows around the edges: offset boundaries, revoked rows, two currencies, the euro change. */
    private const FIXTURE = <<<'SQL'
INSERT INTO N_CURRENCY (CURR_ID, CURR_SIGN, CURR_ABR, CURR_ISBASE_) VALUES (1, 'лв', 'BGN', 0);
INSERT INTO N_CURRENCY (CURR_ID, CURR_SIGN, CURR_ABR, CURR_ISBASE_) VALUES (2, '€', 'EUR', 1);
INSERT INTO N_CURRENCY (CURR_ID, CURR_SIGN, CURR_ABR, CURR_ISBASE_) VALUES (3, '$', 'USD', 0);
INSERT INTO N_PRIMARY_MEASUREUNITS VALUES (1, 'бр');
INSERT INTO N_PRINTERGROUPS VALUES (1, 'Бар');
INSERT INTO N_PRINTERGROUPS VALUES (2, 'Кухня');
INSERT INTO PLUES (PLU_NUMB, PLU_NAME, PLU_GROUP_ID, PLU_MEASUREUNIT_ID, PLU_PRINTDEVICE_ID) VALUES (100, 'Кафе', 84, 1, 1);
INSERT INTO PLUES (PLU_NUMB, PLU_NAME, PLU_GROUP_ID, PLU_MEASUREUNIT_ID, PLU_PRINTDEVICE_ID) VALUES (101, 'Бира', 5, 1, 2);
INSERT INTO PLUES (PLU_NUMB, PLU_NAME, PLU_GROUP_ID, PLU_MEASUREUNIT_ID, PLU_PRINTDEVICE_ID) VALUES (102, 'Салфетки', 12, 1, NULL);
INSERT INTO SALES_BON (SELL_ID, SELL_DATETIME, SELL_SUM, SELL_CURRTYPE, SELL_REVOKED_, SELL_OPERATOR, SELL_OPERNAME) VALUES (1, '2026-11-25 02:30:00', 10.00, 2, 0, 1, 'Иван');
INSERT INTO SALES_BON (SELL_ID, SELL_DATETIME, SELL_SUM, SELL_CURRTYPE, SELL_REVOKED_, SELL_OPERATOR, SELL_OPERNAME) VALUES (2, '2026-11-25 12:00:00', 20.50, 2, 0, 2, 'Мария');
INSERT INTO SALES_BON (SELL_ID, SELL_DATETIME, SELL_SUM, SELL_CURRTYPE, SELL_REVOKED_, SELL_OPERATOR, SELL_OPERNAME) VALUES (3, '2026-11-25 23:59:59.500', 5.25, 2, 0, 1, 'Иван');
INSERT INTO SALES_BON (SELL_ID, SELL_DATETIME, SELL_SUM, SELL_CURRTYPE, SELL_REVOKED_, SELL_OPERATOR, SELL_OPERNAME) VALUES (4, '2026-11-26 01:00:00', 7.00, 2, 0, 2, 'Мария');
INSERT INTO SALES_BON (SELL_ID, SELL_DATETIME, SELL_SUM, SELL_CURRTYPE, SELL_REVOKED_, SELL_OPERATOR, SELL_OPERNAME) VALUES (5, '2026-11-25 13:00:00', 99.00, 2, 1, 2, 'Мария');
INSERT INTO SALES_BON (SELL_ID, SELL_DATETIME, SELL_SUM, SELL_CURRTYPE, SELL_REVOKED_, SELL_OPERATOR, SELL_OPERNAME) VALUES (6, '2026-11-25 14:00:00', 30.00, 3, 0, 1, 'Иван');
INSERT INTO SALES_BON (SELL_ID, SELL_DATETIME, SELL_SUM, SELL_CURRTYPE, SELL_REVOKED_, SELL_OPERATOR, SELL_OPERNAME) VALUES (7, '2026-11-03 09:00:00', 40.00, 2, 0, 2, 'Мария');
INSERT INTO SALES_BON (SELL_ID, SELL_DATETIME, SELL_SUM, SELL_CURRTYPE, SELL_REVOKED_, SELL_OPERATOR, SELL_OPERNAME) VALUES (8, '2026-10-31 23:59:59.900', 3.00, 2, 0, 2, 'Мария');
INSERT INTO SALES_PLUES (SPLU_ID, SPLU_SELL_ID, SPLU_DATETIME, SPLU_BONNUMB, SPLU_PLUNUMB, SPLU_NAME, SPLU_SOLDQUANT, SPLU_SELLPRICE, SPLU_SELLDISCOUNT, SPLU_CURRCOURCE, SPLU_SELLCURRENCY, SPLU_REVOKED_) VALUES (1, 2, '2026-11-25 12:00:00', 2, 100, 'Кафе', 2, 2.50, -10, 1, 2, 0);
INSERT INTO SALES_PLUES (SPLU_ID, SPLU_SELL_ID, SPLU_DATETIME, SPLU_BONNUMB, SPLU_PLUNUMB, SPLU_NAME, SPLU_SOLDQUANT, SPLU_SELLPRICE, SPLU_SELLDISCOUNT, SPLU_CURRCOURCE, SPLU_SELLCURRENCY, SPLU_REVOKED_) VALUES (2, 2, '2026-11-25 12:00:00', 2, 101, 'Бира', 3, 5.00, 0, 1, 2, 0);
INSERT INTO SALES_PLUES (SPLU_ID, SPLU_SELL_ID, SPLU_DATETIME, SPLU_BONNUMB, SPLU_PLUNUMB, SPLU_NAME, SPLU_SOLDQUANT, SPLU_SELLPRICE, SPLU_SELLDISCOUNT, SPLU_CURRCOURCE, SPLU_SELLCURRENCY, SPLU_REVOKED_) VALUES (3, 2, '2026-11-25 12:05:00', 2, 101, 'Бира', 1, 5.00, 0, 1, 2, 1);
INSERT INTO SALES_PLUES (SPLU_ID, SPLU_SELL_ID, SPLU_DATETIME, SPLU_BONNUMB, SPLU_PLUNUMB, SPLU_NAME, SPLU_SOLDQUANT, SPLU_SELLPRICE, SPLU_SELLDISCOUNT, SPLU_CURRCOURCE, SPLU_SELLCURRENCY, SPLU_REVOKED_) VALUES (4, 1, '2026-11-25 02:30:00', 1, 102, 'Салфетки', 4, 1.25, 0, 1, 2, 0);
INSERT INTO SALES_PLUES (SPLU_ID, SPLU_SELL_ID, SPLU_DATETIME, SPLU_BONNUMB, SPLU_PLUNUMB, SPLU_NAME, SPLU_SOLDQUANT, SPLU_SELLPRICE, SPLU_SELLDISCOUNT, SPLU_CURRCOURCE, SPLU_SELLCURRENCY, SPLU_REVOKED_) VALUES (5, 9, '2025-12-31 12:00:00', 9, 101, 'Бира', 3, 9.78, 0, 1, 1, 0);
INSERT INTO SALES_PLUES (SPLU_ID, SPLU_SELL_ID, SPLU_DATETIME, SPLU_BONNUMB, SPLU_PLUNUMB, SPLU_NAME, SPLU_SOLDQUANT, SPLU_SELLPRICE, SPLU_SELLDISCOUNT, SPLU_CURRCOURCE, SPLU_SELLCURRENCY, SPLU_REVOKED_) VALUES (6, 10, '2026-01-02 12:00:00', 10, 101, 'Бира', 3, 5.00, 0, 1, 2, 0);
INSERT INTO SALES_PLUES (SPLU_ID, SPLU_SELL_ID, SPLU_DATETIME, SPLU_BONNUMB, SPLU_PLUNUMB, SPLU_NAME, SPLU_SOLDQUANT, SPLU_SELLPRICE, SPLU_SELLDISCOUNT, SPLU_CURRCOURCE, SPLU_SELLCURRENCY, SPLU_REVOKED_) VALUES (7, 11, '2026-11-24 22:00:00', 11, 101, 'Бира', 2, 5.00, 10, 1, 2, 0);
INSERT INTO N_STORAGES VALUES (1, 'Склад 1');
INSERT INTO N_STORAGES VALUES (2, 'Бар');
INSERT INTO STORAGEQUANT VALUES (100, 1, 12.5);
INSERT INTO STORAGEQUANT VALUES (100, 2, 3);
INSERT INTO N_DOCUMENTS VALUES (1, 'Фактура');
INSERT INTO N_DOCUMENTS VALUES (2, 'Стокова разписка');
INSERT INTO CUSTOMERS_DATA (CUST_ID, CUST_BULSTAT, CUST_FIRMNAME) VALUES (1, '123456789', 'Фирма ООД');
INSERT INTO CUSTOMERS_DATA (CUST_ID, CUST_BULSTAT, CUST_FIRMNAME) VALUES (2, '123456789', 'Фирма ООД');
INSERT INTO SUPPLIES (SUP_ID, SUP_TYPE, SUP_DATETIME, SUP_SUM, SUP_CURRENCY, SUP_DOCTYPE, SUP_SUPPLIERBULST, SUP_REVOKED_) VALUES (1, 2, '2026-11-25 10:00:00', 100, 2, 1, '123456789', 0);
INSERT INTO SUPPLIES (SUP_ID, SUP_TYPE, SUP_DATETIME, SUP_SUM, SUP_CURRENCY, SUP_DOCTYPE, SUP_SUPPLIERBULST, SUP_REVOKED_) VALUES (2, 2, '2026-11-25 11:00:00', 50, 2, 2, '999', 0);
INSERT INTO SUPPLIES (SUP_ID, SUP_TYPE, SUP_DATETIME, SUP_SUM, SUP_CURRENCY, SUP_DOCTYPE, SUP_SUPPLIERBULST, SUP_REVOKED_) VALUES (3, 1, '2026-11-20 11:00:00', 30, 2, 1, '999', 0);
INSERT INTO SUPPLIES (SUP_ID, SUP_TYPE, SUP_DATETIME, SUP_SUM, SUP_CURRENCY, SUP_DOCTYPE, SUP_SUPPLIERBULST, SUP_REVOKED_) VALUES (4, 2, '2026-11-25 12:00:00', 70, 2, 1, '123456789', 1);
INSERT INTO SUPPLIES (SUP_ID, SUP_TYPE, SUP_DATETIME, SUP_SUM, SUP_CURRENCY, SUP_DOCTYPE, SUP_SUPPLIERBULST, SUP_REVOKED_) VALUES (5, 2, '2026-11-26 02:00:00', 25, 2, 1, '123456789', 0);
INSERT INTO SUPPLIES (SUP_ID, SUP_TYPE, SUP_DATETIME, SUP_SUM, SUP_CURRENCY, SUP_DOCTYPE, SUP_SUPPLIERBULST, SUP_REVOKED_) VALUES (6, 2, '2025-12-30 10:00:00', 195.58, 1, 1, '123456789', 0);
INSERT INTO SUPPLIES (SUP_ID, SUP_TYPE, SUP_DATETIME, SUP_SUM, SUP_CURRENCY, SUP_DOCTYPE, SUP_SUPPLIERBULST, SUP_REVOKED_) VALUES (7, 2, '2026-01-02 10:00:00', 80, 2, 1, '123456789', 0);
INSERT INTO SUPPLIES_PLU (SUPP_ID, SUPP_DOCID, SUPP_PLUNUMB, SUPP_PLUNAME, SUPP_SUPQUANT, SUPP_BUYPRICE, SUPP_DATETIME, SUPP_REVOKED_) VALUES (1, 3, 100, 'Кафе', 10, 1.5, '2026-11-20 11:00:00', 0);
INSERT INTO SUPPLIES_PLU (SUPP_ID, SUPP_DOCID, SUPP_PLUNUMB, SUPP_PLUNAME, SUPP_SUPQUANT, SUPP_BUYPRICE, SUPP_DATETIME, SUPP_REVOKED_) VALUES (2, 3, 100, 'Кафе', 2, 2.5, '2026-11-20 11:00:00', 0);
INSERT INTO SUPPLIES_PLU (SUPP_ID, SUPP_DOCID, SUPP_PLUNUMB, SUPP_PLUNAME, SUPP_SUPQUANT, SUPP_BUYPRICE, SUPP_DATETIME, SUPP_REVOKED_) VALUES (3, 3, 101, 'Бира', 4, 2.25, '2026-11-20 11:00:00', 0);
INSERT INTO SUPPLIES_PLU (SUPP_ID, SUPP_DOCID, SUPP_PLUNUMB, SUPP_PLUNAME, SUPP_SUPQUANT, SUPP_BUYPRICE, SUPP_DATETIME, SUPP_REVOKED_) VALUES (4, 3, 102, 'Салфетки', 100, 0.05, '2026-11-20 11:00:00', 0);
INSERT INTO SUPPLIES_PLU (SUPP_ID, SUPP_DOCID, SUPP_PLUNUMB, SUPP_PLUNAME, SUPP_SUPQUANT, SUPP_BUYPRICE, SUPP_DATETIME, SUPP_REVOKED_) VALUES (5, 3, 101, 'Бира', 7, 2.25, '2026-11-20 11:00:00', 1);
INSERT INTO PAC_ACCESSLIST VALUES (1, 'A1', '', NULL, NULL, NULL, NULL, 0);
INSERT INTO PAC_ACCESSLIST VALUES (2, 'A2', 'Клуб', '2000-01-01', '2099-01-01', '00:00:00', '23:59:59', 0);
INSERT INTO PAC_ACCESSLIST VALUES (3, 'A3', 'Клуб', '2000-01-01', '2001-01-01', NULL, NULL, 0);
INSERT INTO PAC_ACCESSLIST VALUES (4, 'A4', 'Клуб', '1899-12-30', '1899-12-30', NULL, NULL, 0);
INSERT INTO PAC_ACCESSLIST VALUES (5, 'A5', 'Клуб', NULL, NULL, NULL, NULL, 1);
SQL;

    protected static function fixture(): string
    {
        $rows = self::FIXTURE;
        for ($i = 0; $i < 35; $i++) { // enough cards for three pages of TicketsControl
            $rows .= sprintf("\nINSERT INTO PAC_ACCESSLIST VALUES (%d, 'B%02d', 'Хотел', NULL, '2099-12-31', NULL, NULL, 0);", 100 + $i, $i);
        }
        return $rows;
    }

    private static function num(mixed $v): float
    {
        return round((float) $v, 4);
    }

    public function testEveryDatasetRunsOnFirebirdForTwoDatesAndOffsets(): void
    {
        $names = ['dailysalesbyoperators', 'monthlysalesbyoperators', 'dailysalesbyprintgroup', 'monthlysalesbyprintgroup',
            'consumablesexpenses', 'goodsexpenses', 'bossalesturnover', 'bossalesmonthlyturnover',
            'bossalescounterpartyturnover', 'bossalescounterpartymonthlyturnover', 'activetickets', 'ticketscontrol',
            'itemstock', 'itemdailysales', 'itemmonthlysales'];
        $runs = 0;
        foreach ($names as $name) {
            $r = Registry::get($name);
            self::assertNotNull($r, $name);
            foreach ([[[], 0], [['date' => '2026-01-02'], 8]] as [$q, $offset]) {
                $p = self::params($r, $q + ['plu' => '101', 'page' => '2'], $offset, ['expense_group' => 84]);
                $answer = self::runTask($r, $p);
                foreach (['bg', 'en'] as $lang) {
                    $blocks = $r->present($answer, $p, new ReportView(new I18n($lang), 'report.php', ['r' => $name]));
                    self::assertNotSame([], $blocks);
                }
                $runs++;
            }
        }
        self::assertSame(15 * 2, $runs);
    }

    public function testOperatorTotalsEqualTheirValidReceipts(): void
    {
        foreach ([0, 3] as $offset) {
            foreach (['dailysalesbyoperators' => ['2026-11-25', '2026-11-25'], 'monthlysalesbyoperators' => ['2026-11-01', '2026-11-25']] as $name => [$from, $to]) {
                $r = Registry::get($name);
                $rows = self::runTask($r, self::params($r, [], $offset))['OperatorSales'];
                self::assertNotSame([], $rows);
                foreach ($rows as $row) {
                    $until = (new DateTimeImmutable($to))->modify('+1 day')->format('Y-m-d');
                    $independent = self::$shop->value(sprintf(
                        "SELECT SUM(b.SELL_SUM) FROM SALES_BON b JOIN N_CURRENCY c ON c.CURR_ID = b.SELL_CURRTYPE
                          WHERE b.SELL_OPERATOR = %d AND c.CURR_ABR = '%s' AND b.SELL_REVOKED_ = 0
                            AND b.SELL_DATETIME >= DATEADD(%d HOUR TO TIMESTAMP '%s 00:00:00')
                            AND b.SELL_DATETIME < DATEADD(%d HOUR TO TIMESTAMP '%s 00:00:00')",
                        (int) $row['OPERATOR_ID'],
                        $row['CURRENCY'],
                        $offset,
                        $from,
                        $offset,
                        $until
                    ));
                    self::assertSame(self::num($independent), self::num($row['TOTAL']), "$name offset $offset operator {$row['OPERATOR_ID']}");
                }
            }
        }
        // Offset 0: Иван's EUR day includes the receipt at 23:59:59.5 (10 + 5.25), Мария's excludes the revoked 99.
        $r = Registry::get('dailysalesbyoperators');
        $by = [];
        foreach (self::runTask($r, self::params($r, []))['OperatorSales'] as $row) {
            $by[$row['OPERATOR_NAME'] . ' ' . $row['CURRENCY']] = self::num($row['TOTAL']);
        }
        ksort($by);
        self::assertSame(['Иван EUR' => 15.25, 'Иван USD' => 30.0, 'Мария EUR' => 20.5], $by);
        // Offset 3: the 02:30 receipt belongs to the 24th, the 01:00 one of the 26th to the 25th.
        $by = [];
        foreach (self::runTask($r, self::params($r, [], 3))['OperatorSales'] as $row) {
            $by[$row['OPERATOR_NAME'] . ' ' . $row['CURRENCY']] = self::num($row['TOTAL']);
        }
        self::assertSame(5.25, $by['Иван EUR']);
        self::assertSame(27.5, $by['Мария EUR']);
        // October: its last fraction of a second counts (the original lost the last second).
        $m = Registry::get('monthlysalesbyoperators');
        $oct = self::runTask($m, self::params($m, ['date' => '2026-10-15']))['OperatorSales'];
        self::assertSame(3.0, self::num($oct[0]['TOTAL'] ?? 0));
    }

    public function testPrintGroupsEqualTheirSoldLines(): void
    {
        $r = Registry::get('dailysalesbyprintgroup');
        $rows = self::runTask($r, self::params($r, []))['PrintGroupSales'];
        $by = [];
        foreach ($rows as $row) {
            $by[(string) ($row['PRN_NAME'] ?? '')] = self::num($row['TOTAL']);
        }
        foreach (['Бар' => 1, 'Кухня' => 2] as $name => $prn) {
            $independent = self::$shop->value(
                "SELECT SUM(s.SPLU_SOLDQUANT * s.SPLU_SELLPRICE * (100 + s.SPLU_SELLDISCOUNT) / 100) FROM SALES_PLUES s
                  WHERE s.SPLU_REVOKED_ = 0 AND s.SPLU_PLUNUMB IN (SELECT PLU_NUMB FROM PLUES WHERE PLU_PRINTDEVICE_ID = $prn)
                    AND s.SPLU_DATETIME >= '2026-11-25' AND s.SPLU_DATETIME < '2026-11-26'"
            );
            self::assertSame(self::num($independent), $by[$name], $name);
        }
        self::assertSame(4.5, $by['Бар']);
        self::assertSame(15.0, $by['Кухня'], 'the voided line is left out');
        self::assertSame(5.0, $by[''], 'items without a print group');
    }

    public function testExpensesFollowTheObjectsGroup(): void
    {
        $c = Registry::get('consumablesexpenses');
        $g = Registry::get('goodsexpenses');
        $sum = static fn (array $rows): float => round(array_sum(array_map(static fn ($r) => (float) $r['TOTAL'], $rows)), 4);
        $cons = $sum(self::runTask($c, self::params($c, []))['ExpensesHeader']);
        $goods = $sum(self::runTask($g, self::params($g, []))['ExpensesHeader']);
        $all = self::num(self::$shop->value(
            "SELECT SUM(sp.SUPP_SUPQUANT * sp.SUPP_BUYPRICE) FROM SUPPLIES_PLU sp JOIN SUPPLIES s ON s.SUP_ID = sp.SUPP_DOCID
              WHERE s.SUP_TYPE = 1 AND s.SUP_REVOKED_ = 0 AND sp.SUPP_REVOKED_ = 0
                AND sp.SUPP_DATETIME >= '2026-11-01' AND sp.SUPP_DATETIME < '2026-11-26'"
        ));
        self::assertSame(20.0, $cons, 'group 84: 10 × 1.5 + 2 × 2.5');
        self::assertSame($all, round($cons + $goods, 4), 'consumables + goods = every valid delivery line');
        $cons12 = $sum(self::runTask($c, self::params($c, [], 0, ['expense_group' => 12]))['ExpensesHeader']);
        self::assertSame(5.0, $cons12, 'group 12 (napkins): 100 × 0.05');
        $details = self::runTask($c, self::params($c, []))['ExpensesDetails'];
        self::assertCount(2, $details);
    }

    public function testBosTurnoverAndCounterparties(): void
    {
        $d = Registry::get('bossalesturnover');
        $a = self::runTask($d, self::params($d, []));
        $day = array_values(array_filter($a['BosDaily'], static fn ($r) => $r['SELL_DATE'] === '25.11.2026'));
        self::assertSame(150.0, self::num($day[0]['TOTAL']), 'revoked document left out');
        $a3 = self::runTask($d, self::params($d, [], 3));
        $day3 = array_values(array_filter($a3['BosDaily'], static fn ($r) => $r['SELL_DATE'] === '25.11.2026'));
        self::assertSame(175.0, self::num($day3[0]['TOTAL']), 'offset 3: 02:00 of the 26th belongs to the 25th');
        $cp = Registry::get('bossalescounterpartyturnover');
        $rows = self::runTask($cp, self::params($cp, []))['CounterpartyTurnover'];
        $by = [];
        foreach ($rows as $r) {
            $by[(string) $r['BULSTAT']] = [self::num($r['TOTAL']), (string) $r['CUST_NAME']];
        }
        $independent = self::num(self::$shop->value(
            "SELECT SUM(SUP_SUM) FROM SUPPLIES WHERE SUP_TYPE = 2 AND SUP_REVOKED_ = 0 AND SUP_SUPPLIERBULST = '123456789'
               AND SUP_DATETIME >= '2026-11-25' AND SUP_DATETIME < '2026-11-26'"
        ));
        self::assertSame([$independent, 'Фирма ООД'], $by['123456789'], 'a BULSTAT listed twice in CUSTOMERS_DATA counts once');
        self::assertSame([50.0, ''], $by['999']);
        // January 2026: the 7-day chart converts the BGN document of 30.12.2025 to EUR.
        $jan = self::runTask($d, self::params($d, ['date' => '2026-01-02']));
        $html = json_encode($d->present($jan, self::params($d, ['date' => '2026-01-02']), new ReportView(new I18n('en'), 'report.php', [])), JSON_UNESCAPED_UNICODE);
        self::assertStringContainsString('data-label=\"30.12\" data-value=\"100\"', (string) $html, '195.58 лв = 100 €');
        self::assertStringContainsString('data-label=\"02.01\" data-value=\"80\"', (string) $html);
        self::assertStringContainsString('euro-note', (string) $html);
    }

    public function testTicketsAndPaging(): void
    {
        $a = Registry::get('activetickets');
        $rows = self::runTask($a, self::params($a, []))['ActiveTickets'];
        $by = [];
        foreach ($rows as $r) {
            $by[$r['OWNER']] = (int) $r['CARDS'];
        }
        self::assertSame(['POS' => 1, 'Клуб' => 2, 'Хотел' => 35], $by, 'expired and disabled cards left out; zero date = no limit');
        $t = Registry::get('ticketscontrol');
        $seen = [];
        foreach (['1', '2', '3'] as $page) {
            $ans = self::runTask($t, self::params($t, ['page' => $page]));
            self::assertSame(38, (int) $ans['TicketsCount'][0]['CARDS']);
            self::assertCount($page === '3' ? 8 : 15, $ans['TicketsControl'], "page $page");
            foreach ($ans['TicketsControl'] as $r) {
                $seen[] = $r['PAC_CARDID'];
            }
        }
        self::assertCount(38, array_unique($seen), 'pages do not overlap');
        $html = json_encode($t->present(self::runTask($t, self::params($t, ['page' => '1'])), self::params($t, ['page' => '1']), new ReportView(new I18n('en'), 'report.php', [])), JSON_UNESCAPED_UNICODE);
        self::assertStringNotContainsString('1899', (string) $html);
    }

    public function testItemPages(): void
    {
        $s = Registry::get('itemstock');
        $ans = self::runTask($s, self::params($s, ['plu' => '100']));
        self::assertSame('Кафе', $ans['Item'][0]['PLU_NAME']);
        self::assertSame(15.5, round(array_sum(array_map(static fn ($r) => (float) $r['SQ_QUANTITY'], $ans['ItemStock'])), 3));
        $d = Registry::get('itemdailysales');
        $rows = self::runTask($d, self::params($d, ['plu' => '101']))['ItemDailySales'];
        $by = [];
        foreach ($rows as $r) {
            $by[$r['SELL_DATE']] = [self::num($r['TOTAL']), self::num($r['QTY'])];
        }
        self::assertSame([15.0, 3.0], $by['25.11.2026'], 'the voided line is left out');
        self::assertSame([11.0, 2.0], $by['24.11.2026'], '+10 % price: 2 × 5 + 1');
        $m = Registry::get('itemmonthlysales');
        $p = self::params($m, ['plu' => '101', 'date' => '2026-01-20']);
        $ans = self::runTask($m, $p);
        $html = (string) json_encode($m->present($ans, $p, new ReportView(new I18n('en'), 'report.php', [])), JSON_UNESCAPED_UNICODE);
        self::assertStringContainsString('data-label=\"12.2025\" data-value=\"15\"', $html, '29.34 лв = 15 €');
        self::assertStringContainsString('data-label=\"01.2026\" data-value=\"15\"', $html);
        self::assertStringContainsString('Бира', $html);
    }
}
