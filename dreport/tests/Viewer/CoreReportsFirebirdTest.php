<?php

declare(strict_types=1);

namespace Dreport\Tests\Viewer;

use Dreport\Reports\Registry;
use Dreport\Reports\ReportView;
use Dreport\Tests\FirebirdReportCase;
use Dreport\View;
use Dreport\Viewer\I18n;

/**
 * The rewritten core reports (A1–A6, A11–A13) on a real Firebird shop database (the
 * repository's shop DDL, embedded isql-fb): every dataset runs, and the numbers follow the
 * business-day offset (a sale at 02:30 with offset 3 belongs to the day before; a receipt at
 * 23:59:59.5 is not lost), revoked rows stay out, and a week across 2026-01-01 is one euro
 * series. Expected numbers are written here from the fixture, not taken from the reports.
 */
final class CoreReportsFirebirdTest extends FirebirdReportCase
{
    private const FIXTURE = <<<'SQL'
INSERT INTO N_CURRENCY (CURR_ID, CURR_SIGN, CURR_ABR, CURR_ISBASE_) VALUES (1, 'лв', 'BGN', 0);
INSERT INTO N_CURRENCY (CURR_ID, CURR_SIGN, CURR_ABR, CURR_ISBASE_) VALUES (2, '€', 'EUR', 1);
INSERT INTO N_CURRENCY (CURR_ID, CURR_SIGN, CURR_ABR, CURR_ISBASE_) VALUES (3, '$', 'USD', 0);
INSERT INTO N_PAYMENT_TYPES (PAYTYPE_NUMB, PAYTYPE_NAME) VALUES (1, 'В БРОЙ');
INSERT INTO N_PAYMENT_TYPES (PAYTYPE_NUMB, PAYTYPE_NAME) VALUES (2, 'КАРТА');
INSERT INTO N_OPERATORS (OPERATOR_ID, OPERATOR_FULLNAME) VALUES (1, 'Иван');
INSERT INTO N_OPERATORS (OPERATOR_ID, OPERATOR_FULLNAME) VALUES (2, 'Мария');
INSERT INTO N_PRIMARY_MEASUREUNITS (PRIMARYMUNIT_ID, PRIMARYMUNIT_NAME) VALUES (1, 'бр');
INSERT INTO N_PLUGROUPS (PGRP_ID, PGRP_NAME, PGRP_PARENT_ID) VALUES (1, 'Напитки', 0);
INSERT INTO N_PLUGROUPS (PGRP_ID, PGRP_NAME, PGRP_PARENT_ID) VALUES (11, 'Топли', 1);
INSERT INTO N_PLUGROUPS (PGRP_ID, PGRP_NAME, PGRP_PARENT_ID) VALUES (12, 'Бира', 1);
INSERT INTO PLUES (PLU_NUMB, PLU_NAME, PLU_GROUP_ID, PLU_MEASUREUNIT_ID) VALUES (100, 'Кафе', 11, 1);
INSERT INTO PLUES (PLU_NUMB, PLU_NAME, PLU_GROUP_ID, PLU_MEASUREUNIT_ID) VALUES (101, 'Бира', 12, 1);
INSERT INTO SALES_BON (SELL_ID, SELL_DATETIME, SELL_SUM, SELL_CURRTYPE, SELL_REVOKED_, SELL_OPERATOR, SELL_OPERNAME) VALUES (1, '2026-11-25 02:30:00', 10.00, 2, 0, 1, 'Иван');
INSERT INTO SALES_BON (SELL_ID, SELL_DATETIME, SELL_SUM, SELL_CURRTYPE, SELL_REVOKED_, SELL_OPERATOR, SELL_OPERNAME) VALUES (2, '2026-11-25 12:00:00', 20.50, 2, 0, 2, 'Мария');
INSERT INTO SALES_BON (SELL_ID, SELL_DATETIME, SELL_SUM, SELL_CURRTYPE, SELL_REVOKED_, SELL_OPERATOR, SELL_OPERNAME) VALUES (3, '2026-11-25 23:59:59.500', 5.25, 2, 0, 1, 'Иван');
INSERT INTO SALES_BON (SELL_ID, SELL_DATETIME, SELL_SUM, SELL_CURRTYPE, SELL_REVOKED_, SELL_OPERATOR, SELL_OPERNAME) VALUES (4, '2026-11-26 01:00:00', 7.00, 2, 0, 2, 'Мария');
INSERT INTO SALES_BON (SELL_ID, SELL_DATETIME, SELL_SUM, SELL_CURRTYPE, SELL_REVOKED_, SELL_OPERATOR, SELL_OPERNAME) VALUES (5, '2026-11-25 13:00:00', 99.00, 2, 1, 2, 'Мария');
INSERT INTO SALES_BON (SELL_ID, SELL_DATETIME, SELL_SUM, SELL_CURRTYPE, SELL_REVOKED_, SELL_OPERATOR, SELL_OPERNAME) VALUES (6, '2026-11-25 14:00:00', 30.00, 3, 0, 1, 'Иван');
INSERT INTO SALES_BON (SELL_ID, SELL_DATETIME, SELL_SUM, SELL_CURRTYPE, SELL_REVOKED_, SELL_OPERATOR, SELL_OPERNAME) VALUES (7, '2025-12-31 12:00:00', 195.58, 1, 0, 1, 'Иван');
INSERT INTO SALES_BON (SELL_ID, SELL_DATETIME, SELL_SUM, SELL_CURRTYPE, SELL_REVOKED_, SELL_OPERATOR, SELL_OPERNAME) VALUES (8, '2026-01-02 10:00:00', 50.00, 2, 0, 2, 'Мария');
INSERT INTO SALES_PAYMENT (PAY_ID, PAY_SELL_ID, PAY_TYPE, PAY_SUM) VALUES (1, 1, 1, 10.00);
INSERT INTO SALES_PAYMENT (PAY_ID, PAY_SELL_ID, PAY_TYPE, PAY_SUM) VALUES (2, 2, 2, 20.50);
INSERT INTO SALES_PAYMENT (PAY_ID, PAY_SELL_ID, PAY_TYPE, PAY_SUM) VALUES (3, 3, 1, 5.25);
INSERT INTO SALES_PAYMENT (PAY_ID, PAY_SELL_ID, PAY_TYPE, PAY_SUM) VALUES (4, 5, 1, 99.00);
INSERT INTO SALES_PLUES (SPLU_ID, SPLU_SELL_ID, SPLU_DATETIME, SPLU_BONNUMB, SPLU_PLUNUMB, SPLU_NAME, SPLU_SOLDQUANT, SPLU_SELLPRICE, SPLU_SELLDISCOUNT, SPLU_CURRCOURCE, SPLU_SELLCURRENCY, SPLU_REVOKED_) VALUES (1, 2, '2026-11-25 12:00:00', 2, 100, 'Кафе', 2, 2.50, -10, 1, 2, 0);
INSERT INTO SALES_PLUES (SPLU_ID, SPLU_SELL_ID, SPLU_DATETIME, SPLU_BONNUMB, SPLU_PLUNUMB, SPLU_NAME, SPLU_SOLDQUANT, SPLU_SELLPRICE, SPLU_SELLDISCOUNT, SPLU_CURRCOURCE, SPLU_SELLCURRENCY, SPLU_REVOKED_) VALUES (2, 2, '2026-11-25 12:00:00', 2, 101, 'Бира', 3, 5.00, 0, 1, 2, 0);
INSERT INTO SALES_PLUES (SPLU_ID, SPLU_SELL_ID, SPLU_DATETIME, SPLU_BONNUMB, SPLU_PLUNUMB, SPLU_NAME, SPLU_SOLDQUANT, SPLU_SELLPRICE, SPLU_SELLDISCOUNT, SPLU_CURRCOURCE, SPLU_SELLCURRENCY, SPLU_REVOKED_) VALUES (3, 2, '2026-11-25 12:05:00', 2, 101, 'Бира', 1, 5.00, 0, 1, 2, 1);
INSERT INTO SALES_PLUES (SPLU_ID, SPLU_SELL_ID, SPLU_DATETIME, SPLU_BONNUMB, SPLU_PLUNUMB, SPLU_NAME, SPLU_SOLDQUANT, SPLU_SELLPRICE, SPLU_SELLDISCOUNT, SPLU_CURRCOURCE, SPLU_SELLCURRENCY, SPLU_REVOKED_) VALUES (4, 1, '2026-11-25 02:30:00', 1, 100, 'Кафе', 4, 1.25, 0, 1, 2, 0);
INSERT INTO POSBILLS_HEADER (BH_ID, BH_BILLNUMB, BH_STARTDATETIME, BH_ENDDATETIME, BH_SUM, BH_CURRENCYID, BH_OPENTERMINAL, BH_OPERNUMB, BH_OPERNAME, BH_SELLID, BH_REVOKED_, BH_PLUCOUNT) VALUES (1, 11, '2026-11-25 20:00:00', NULL, 12.00, 2, 1, 1, 'Иван', 0, 0, 2);
INSERT INTO POSBILLS_HEADER (BH_ID, BH_BILLNUMB, BH_STARTDATETIME, BH_ENDDATETIME, BH_SUM, BH_CURRENCYID, BH_OPENTERMINAL, BH_OPERNUMB, BH_OPERNAME, BH_SELLID, BH_REVOKED_, BH_PLUCOUNT) VALUES (2, 12, '2026-11-25 21:00:00', '2026-11-25 23:59:59.500', 8.00, 2, 1, 2, 'Мария', 3, 0, 1);
INSERT INTO POSBILLS_HEADER (BH_ID, BH_BILLNUMB, BH_STARTDATETIME, BH_ENDDATETIME, BH_SUM, BH_CURRENCYID, BH_OPENTERMINAL, BH_OPERNUMB, BH_OPERNAME, BH_SELLID, BH_REVOKED_, BH_PLUCOUNT) VALUES (3, 13, '2026-11-26 00:30:00', '2026-11-26 02:00:00', 7.00, 2, 1, 2, 'Мария', 4, 0, 1);
INSERT INTO POSBILLS_HEADER (BH_ID, BH_BILLNUMB, BH_STARTDATETIME, BH_ENDDATETIME, BH_SUM, BH_CURRENCYID, BH_OPENTERMINAL, BH_OPERNUMB, BH_OPERNAME, BH_SELLID, BH_REVOKED_, BH_PLUCOUNT) VALUES (4, 14, '2026-11-25 19:00:00', NULL, 5.00, 2, 1, 1, 'Иван', 0, 1, 1);
INSERT INTO POSBILLS_PLU (BP_ID, BP_HDRID, BP_NUMB, BP_SHORTNAME, BP_QUANTITY, BP_MSRUNITNAME, BP_SELLPRICE, BP_DISCOUNT, BP_SELLCURRID, BP_SELLCURRABR, BP_TYPE, BP_REVOKED_, BP_MARKDATETIME, BP_OPERNUMB, BP_OPERNAME) VALUES (1, 1, 101, 'Бира', 2, 'бр', 5.00, 20, 2, 'EUR', 'P', 0, '2026-11-25 20:01:00', 1, 'Иван');
INSERT INTO POSBILLS_PLU (BP_ID, BP_HDRID, BP_NUMB, BP_SHORTNAME, BP_QUANTITY, BP_MSRUNITNAME, BP_SELLPRICE, BP_DISCOUNT, BP_SELLCURRID, BP_SELLCURRABR, BP_TYPE, BP_REVOKED_, BP_MARKDATETIME, BP_OPERNUMB, BP_OPERNAME) VALUES (2, 1, 100, 'Кафе', 1, 'бр', 2.50, 0, 2, 'EUR', 'P', 1, '2026-11-25 20:02:00', 1, 'Иван');
INSERT INTO POSBILLS_PLU (BP_ID, BP_HDRID, BP_NUMB, BP_SHORTNAME, BP_QUANTITY, BP_MSRUNITNAME, BP_SELLPRICE, BP_DISCOUNT, BP_SELLCURRID, BP_SELLCURRABR, BP_TYPE, BP_REVOKED_, BP_MARKDATETIME, BP_OPERNUMB, BP_OPERNAME) VALUES (3, 2, 101, 'Бира', 1, 'бр', 8.00, 0, 2, 'EUR', 'p', 0, '2026-11-25 21:01:00', 2, 'Мария');
INSERT INTO POSBILLS_PLU (BP_ID, BP_HDRID, BP_NUMB, BP_SHORTNAME, BP_QUANTITY, BP_MSRUNITNAME, BP_SELLPRICE, BP_DISCOUNT, BP_SELLCURRID, BP_SELLCURRABR, BP_TYPE, BP_REVOKED_, BP_MARKDATETIME, BP_OPERNUMB, BP_OPERNAME) VALUES (4, 3, 100, 'Кафе', 1, 'бр', 7.00, 0, 2, 'EUR', 'P', 0, '2026-11-26 00:31:00', 2, 'Мария');
SQL;

    protected static function fixture(): string
    {
        return self::FIXTURE;
    }

    /** The report's task run on the shop as the client runs it. @return array<string,mixed> */
    private static function answer(string $name, array $query = [], int $offset = 0): array
    {
        $r = Registry::get($name);
        self::assertNotNull($r, $name);
        return self::runTask($r, self::params($r, $query, $offset));
    }

    private static function html(string $name, array $query = [], int $offset = 0): string
    {
        $r = Registry::get($name);
        self::assertNotNull($r);
        $p = self::params($r, $query, $offset);
        $blocks = $r->present(self::answer($name, $query, $offset), $p, new ReportView(new I18n('en'), 'report.php', ['r' => $name]));
        return (new View())->render('viewer/blocks', ['blocks' => $blocks]);
    }

    /** @param list<array<string,mixed>> $rows @return array<string,float> "dd.mm.yyyy SIGN" => sum */
    private static function perDay(array $rows, string $amount): array
    {
        $out = [];
        foreach ($rows as $row) {
            $out[$row['SELL_DATE'] . ' ' . $row['CURR_ABR']] = round((float) $row[$amount], 2);
        }
        ksort($out);
        return $out;
    }

    public function testEveryDatasetOfTheCoreReportsRunsOnFirebird(): void
    {
        foreach (['dayturnover', 'monthturnover', 'groupturnover', 'monthgroupturnover', 'pluturnover',
            'monthpluturnover', 'openbills', 'closedbills', 'voidplues'] as $name) {
            foreach ([[[], 0], [['date' => '2026-01-02'], 8], [['date' => '2026-11-24', 'gid' => '1'], 3]] as [$q, $offset]) {
                $answer = self::answer($name, $q, $offset);
                self::assertGreaterThan(2, count($answer), $name);
                self::assertNotSame('', self::html($name, $q, $offset));
            }
        }
    }

    public function testDayTurnoverFollowsTheBusinessDay(): void
    {
        // Offset 0: the 25th holds 02:30, 12:00 and 23:59:59.5 in EUR (not the revoked 99) and 30 USD.
        $a = self::answer('dayturnover', [], 0);
        self::assertSame(['25.11.2026 EUR' => 35.75, '25.11.2026 USD' => 30.0], self::perDay($a['CurrentTurnover'], 'SELL_SUM'));
        // Offset 3: 02:30 belongs to the 24th, the 26th's 01:00 to the 25th.
        $b = self::answer('dayturnover', [], 3);
        self::assertSame(
            ['24.11.2026 EUR' => 10.0, '25.11.2026 EUR' => 32.75, '25.11.2026 USD' => 30.0],
            self::perDay($b['CurrentTurnover'], 'SELL_SUM')
        );
        $pay = [];
        foreach (self::answer('dayturnover', [], 0)['CurrentPayType'] as $row) {
            $pay[$row['PAYTYPE_NAME']] = round((float) $row['PAY_SUM'], 2);
        }
        self::assertSame(['В БРОЙ' => 15.25, 'КАРТА' => 20.5], $pay);
        self::assertMatchesRegularExpression('/day-total.*35\.75 €/s', self::html('dayturnover'));
    }

    public function testAWeekAcrossTheChangeoverIsOneEuroSeries(): void
    {
        $html = self::html('dayturnover', ['date' => '2026-01-02'], 0);
        self::assertMatchesRegularExpression('/data-label="31\.12" data-value="100"/', $html, '195.58 лв = 100 €');
        self::assertMatchesRegularExpression('/data-label="02\.01" data-value="50"/', $html);
        self::assertStringContainsString('converted from BGN at 1.95583', $html);
        self::assertStringContainsString('195.58 лв', $html, 'the table keeps the original currency');
        $month = self::html('monthturnover', ['date' => '2026-01-02'], 0);
        self::assertMatchesRegularExpression('/data-label="Dec 2025" data-value="100"/', $month);
    }

    public function testGroupsAndMostSoldCountTheBusinessDaysLines(): void
    {
        // 25th, offset 0: Кафе 2·2.50 − 10 % = 4.50 and 4·1.25 = 5.00, Бира 3·5 = 15 (the voided line is out).
        $items = [];
        foreach (self::answer('pluturnover')['PluTurnover'] as $row) {
            $items[$row['SPLU_NAME']] = round((float) $row['TURNOVER'], 2);
        }
        self::assertSame(['Бира' => 15.0, 'Кафе' => 9.5], $items);
        // Offset 3: the 02:30 line belongs to the 24th.
        $items = [];
        foreach (self::answer('pluturnover', [], 3)['PluTurnover'] as $row) {
            $items[$row['SPLU_NAME']] = round((float) $row['TURNOVER'], 2);
        }
        self::assertSame(['Бира' => 15.0, 'Кафе' => 4.5], $items);
        $top = [];
        foreach (self::answer('groupturnover')['GroupTurnover'] as $row) {
            $top[$row['O_GRP_NAME_TOP']] = [(int) $row['O_GRP_ID_TOP'], round((float) $row['TURNOVER'], 2)];
        }
        self::assertSame(['Напитки' => [1, 24.5]], $top, 'both items roll up to the top-level group');
        $sub = [];
        foreach (self::answer('groupturnover', ['gid' => '1'])['GroupTurnover'] as $row) {
            $sub[$row['O_GRP_NAME_TOP']] = [round((float) $row['TURNOVER'], 2), (int) $row['O_GRP_PARENT_TOP']];
        }
        self::assertSame(['Бира' => [15.0, -1], 'Топли' => [9.5, -1]], $sub, 'the children of Напитки; Back leads to the top');
        $html = self::html('groupturnover', ['gid' => '1', 'gname' => 'Напитки', 'gval' => '24.50']);
        self::assertStringContainsString('Напитки (24.50 €)', $html);
        self::assertStringContainsString('gid=12', $html, 'a sub-group opens its own level');
    }

    public function testBillsAndVoidedItems(): void
    {
        $open = self::answer('openbills');
        self::assertSame([11], array_map(static fn (array $r): int => (int) $r['BH_BILLNUMB'], $open['OpenBillsH']), 'not the revoked bill');
        self::assertCount(2, $open['OpenBillsP'], 'both lines, the voided one marked');
        self::assertStringContainsString('voided', self::html('openbills'));
        // Closed on the 25th: offset 0 keeps the bill closed at 23:59:59.5; offset 3 adds the one closed at 02:00 on the 26th.
        $ids = static fn (array $a): array => array_map(static fn (array $r): int => (int) $r['BH_BILLNUMB'], $a['OpenBillsH']);
        self::assertSame([12], $ids(self::answer('closedbills', [], 0)));
        self::assertSame([12, 13], $ids(self::answer('closedbills', [], 3)));
        self::assertCount(1, self::answer('closedbills', [], 0)['OpenBillsP'], "lower-case 'p' is an item line too");
        $void = self::answer('voidplues');
        self::assertCount(1, $void['VoidPluesOpen']);
        self::assertSame('Иван', $void['VoidPluesOpen'][0]['OPER_NAME']);
        self::assertCount(1, $void['VoidPluesClosed']);
        self::assertSame('Мария', $void['VoidPluesClosed'][0]['OPER_NAME'], 'the receipt\'s operator');
        self::assertMatchesRegularExpression('/void-closed-total.*5\.00 €/s', self::html('voidplues'));
    }
}
