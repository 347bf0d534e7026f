<?php

declare(strict_types=1);

namespace Dreport\Tests\Viewer;

use Dreport\Items\ItemChange;
use Dreport\Items\ItemSql;
use Dreport\Items\ItemValues;
use Dreport\Items\Promotion;
use Dreport\Tests\FirebirdShop;
use PHPUnit\Framework\TestCase;

/**
 * The item pages' statements executed on a REAL Firebird database built from the shop DDL
 * (isql-fb, embedded): every hostile value lands byte for byte in the one intended column
 * of the one intended row, with exactly one EVENTS row, and nothing else in the database
 * changes. Searches with hostile text run and change nothing.
 */
final class ItemFirebirdTest extends TestCase
{
    private static ?FirebirdShop $shop = null;

    public static function setUpBeforeClass(): void
    {
        $why = FirebirdShop::unavailable();
        if ($why !== null) {
            self::markTestSkipped($why);
        }
        self::$shop = FirebirdShop::create();
        self::$shop->run(<<<'SQL'
INSERT INTO N_CURRENCY (CURR_ID, CURR_SIGN, CURR_ABR, CURR_ISBASE_) VALUES (1, 'лв', 'BGN', 1);
INSERT INTO N_PLUGROUPS (PGRP_ID, PGRP_NAME) VALUES (1, 'Напитки');
INSERT INTO N_WAT (TAXGRP_NUMB, TAXGRP_NAME, TAXGRP_DESCR) VALUES (2, 'Б', 'ДДС 20%');
INSERT INTO PLUES (PLU_NUMB, PLU_NAME, PLU_ECR_NAME, PLU_GROUP_ID, PLU_SELL_PRICE, PLU_BUY_PRICE, PLU_TAXGROUP_ID) VALUES (101, 'Кафе Лаваца', 'КАФЕ', 1, 2.40, 1.1, 2);
INSERT INTO PLUES (PLU_NUMB, PLU_NAME, PLU_ECR_NAME, PLU_GROUP_ID, PLU_SELL_PRICE, PLU_BUY_PRICE, PLU_TAXGROUP_ID) VALUES (102, 'КАФЕ ЕСПРЕСО', 'ЕСПР', 1, 2.40, 1.1, 2);
INSERT INTO PLUES (PLU_NUMB, PLU_NAME, PLU_ECR_NAME, PLU_GROUP_ID, PLU_SELL_PRICE, PLU_BUY_PRICE, PLU_TAXGROUP_ID) VALUES (103, 'Чай', 'ЧАЙ', 1, 1.20, 0.3, 2);
INSERT INTO BARCODES (BC_ID, PLU_NUMB, PLU_BARCODE) VALUES (1, 101, '3800123');
INSERT INTO BARCODES (BC_ID, PLU_NUMB, PLU_BARCODE, PLU_ISUSED) VALUES (2, 102, '3800999', 0);
INSERT INTO PROMOTIONS (PR_ID, PR_PLUNUMB, PR_FROMDATE, PR_TODATE, PR_FROMTIME, PR_TOTIME, PR_PRICE, PR_PACKET_TYPE, PR_PRIORITY, PR_DAYOFWEEK) VALUES (900, 102, '2020-01-01', '2020-01-31', '00:00:00', '23:59:59', 1.99, 1, 5, '1111111');
SQL);
    }

    public static function tearDownAfterClass(): void
    {
        self::$shop?->drop();
    }

    /**
     * Every row of every table the item pages touch, as text; with $task, after running
     * the task's statements (and their COMMIT) in the same isql run.
     *
     * @param array<string,string> $task
     * @return array<string,list<string>>
     */
    private static function snapshot(array $task = []): array
    {
        $out = self::$shop->many(($task === [] ? [] : ['task' => implode(";\n", $task) . ";\nCOMMIT"]) + [
            'PLUES' => ("SELECT PLU_NUMB || '|' || COALESCE(PLU_NAME, '<null>') || '|' || COALESCE(PLU_ECR_NAME, '<null>') || '|' || PLU_SELL_PRICE || '|' || PLU_BUY_PRICE || '|' || PLU_PROMOTION_ || '|' || PLU_SELL_DISABLED_ || '|' || PLU_LOCAL_PRICE_ FROM PLUES ORDER BY PLU_NUMB"),
            'BARCODES' => ("SELECT BC_ID || '|' || PLU_NUMB || '|' || PLU_BARCODE || '|' || PLU_ISUSED FROM BARCODES ORDER BY BC_ID"),
            'PROMOTIONS' => ("SELECT PR_ID || '|' || PR_PLUNUMB || '|' || PR_FROMDATE || '|' || PR_TODATE || '|' || PR_PRICE || '|' || PR_DAYOFWEEK FROM PROMOTIONS ORDER BY PR_ID"),
            'EVENTS' => ("SELECT EV_ID || '|' || EV_TYPE || '|' || EV_MODULE || '|' || EV_OPERATOR || '|' || EV_DATANUMB || '|' || EV_DATATEXT || '|' || EV_EXPORTED_ || '|' || EV_OFFICE || '|' || EV_DESCRIPTION FROM EVENTS ORDER BY EV_ID"),
            'OPERATORS' => ("SELECT COUNT(*) FROM N_OPERATORS"),
        ]);
        unset($out['task']);
        return $out;
    }

    /** @param array<string,string> $statements */
    private static function runTask(array $statements): void
    {
        self::$shop->run(implode(";\n", $statements) . ';');
    }

    /** @return list<array{string}> */
    public static function hostileNames(): array
    {
        return [
            ["'; DELETE FROM PLUES; --"],
            ["Х');DELETE FROM PLUES;--"],
            ["/* */ ' OR ''='"],
            ['--'],
            ["O'Brien's \"Best\" ;"],
            [str_repeat("'", 24)],
            ['Кафе „Лаваца“ № 1 – 250г'],
        ];
    }

    /** @dataProvider hostileNames */
    public function testHostileNameChangesExactlyTheOneColumnAndAddsOneEvent(string $raw): void
    {
        $name = ItemValues::text($raw, ItemValues::ECR_NAME_MAX);
        self::assertSame($raw, $name, 'a valid (if hostile) name passes validation unchanged');
        $before = self::snapshot();
        $after = self::snapshot(ItemChange::ecrName(101, $name)->statements('3769d93a', 'ivan', 'dev-1'));

        $expected = $before;
        $parts = explode('|', $before['PLUES'][0]);
        $parts[2] = $raw;
        $expected['PLUES'][0] = implode('|', $parts);
        self::assertSame($expected['PLUES'], $after['PLUES'], 'only PLU 101\'s till name changed, to the exact text');
        self::assertSame($before['BARCODES'], $after['BARCODES']);
        self::assertSame($before['PROMOTIONS'], $after['PROMOTIONS']);
        self::assertSame($before['OPERATORS'], $after['OPERATORS']);
        self::assertCount(count($before['EVENTS']) + 1, $after['EVENTS']);
        $ev = explode('|', (string) end($after['EVENTS']), 9);
        self::assertSame(['6', '24', '1', '101', 'Device ID - dev-1', '0', '0'], array_slice($ev, 1, 7));
        self::assertSame(
            "[МОБИЛНИ СПРАВКИ] [ПРОМЯНА КАСОВО ИМЕ] ОБЕКТ (3769d93a) Оператор (ivan) направи промяна на касово име($raw) за артикул с артикулен номер(101).",
            $ev[8]
        );
    }

    public function testPriceNameBlockAndPromotionsOnTheRealSchema(): void
    {
        $before = self::snapshot();
        self::runTask(ItemChange::price(103, '1.35')->statements('o1', 'ivan', 'd'));
        self::runTask(ItemChange::name(103, "Чай 'Мента'")->statements('o1', 'ivan', 'd'));
        self::runTask(ItemChange::saleBlock(103, true)->statements('o1', 'ivan', 'd'));
        $p = Promotion::fromForm(['ptype' => 'percent', 'pvalue' => '15', 'from_date' => '2026-01-01',
            'to_date' => '2099-12-31', 'from_time' => '08:00', 'to_time' => '20:00', 'priority' => '3', 'days' => ['6', '7']]);
        self::runTask(ItemChange::addPromotion(103, $p)->statements('o1', 'ivan', 'd'));
        $after = self::snapshot();
        self::assertSame("103|Чай 'Мента'|ЧАЙ|1.35|0.3000|1|1|0", $after['PLUES'][2]);
        self::assertSame(array_slice($before['PLUES'], 0, 2), array_slice($after['PLUES'], 0, 2));
        self::assertCount(count($before['EVENTS']) + 4, $after['EVENTS']);
        $new = array_values(array_diff($after['PROMOTIONS'], $before['PROMOTIONS']));
        self::assertCount(1, $new);
        self::assertMatchesRegularExpression('/^\d+\|103\|2026-01-01\|2099-12-31\|-15.00\|0000011$/', $new[0]);
        $id = (int) explode('|', $new[0])[0];

        // Deleting needs the item AND the id: another item's promotion is never hit.
        $mid = self::snapshot(ItemChange::deletePromotion(103, 900)->statements('o1', 'ivan', 'd'));
        self::assertSame($after['PROMOTIONS'], $mid['PROMOTIONS']);
        $end = self::snapshot(ItemChange::deletePromotion(103, $id)->statements('o1', 'ivan', 'd'));
        self::assertSame($before['PROMOTIONS'], $end['PROMOTIONS']);
        self::assertSame("103|Чай 'Мента'|ЧАЙ|1.35|0.3000|0|1|0", $end['PLUES'][2], 'no active promotion left: flag cleared');
    }

    public function testHostileSearchesRunAndChangeNothing(): void
    {
        $before = self::snapshot();
        $cases = [
            ['name', 'кафе', 2], ['name', 'КаФе', 2], ['name', "'; DELETE FROM PLUES; --", 0], ['name', '%', 0],
            ['name', '_', 0], ['barcode', '3800123', 1], ['barcode', '3800999', 0], ['price', '2.4', 2], ['numb', '103', 1],
        ];
        $queries = [];
        foreach ($cases as $i => [$filter, $q]) {
            $queries["q$i"] = ItemSql::search($filter, ItemValues::search($filter, $q) ?? throw new \LogicException($q), 1);
        }
        $rows = self::$shop->many($queries);
        foreach ($cases as $i => [$filter, $q, $n]) {
            self::assertCount($n, $rows["q$i"], "$filter $q (CONTAINING is case-insensitive for Cyrillic; % and _ are plain)");
        }
        self::assertSame($before, self::snapshot());
    }

    public function testOperatorQueryAndOfficeType(): void
    {
        self::$shop->run("INSERT INTO N_OPERATORS (OPERATOR_ID, OPERATOR_USERNAME, OPERATOR_PASSWORD, OPERATOR_ACTIVETODATE) VALUES (1, 'ivan', '" . crypt('pw', 'ab') . "', '1899-12-30 00:00:00');
INSERT INTO N_OPERATORS (OPERATOR_ID, OPERATOR_USERNAME, OPERATOR_PASSWORD, OPERATOR_ACTIVETODATE) VALUES (2, 'old', 'abc', '2020-01-01 00:00:00');
INSERT INTO N_OPERATORS (OPERATOR_ID, OPERATOR_USERNAME, OPERATOR_PASSWORD, OPERATOR_ACTIVETODATE) VALUES (3, 'new', 'abc', NULL);
INSERT INTO N_OPERATORS (OPERATOR_ID, OPERATOR_USERNAME, OPERATOR_PASSWORD, OPERATOR_ACTIVETODATE) VALUES (4, 'until', 'abc', '2099-01-01 00:00:00');");
        $active = static fn (string $u): string => (string) (preg_split('/\s+/', trim(self::$shop->lines(ItemSql::operator($u))[0] ?? ''))[2] ?? '');
        self::assertSame('1', $active('ivan'));
        self::assertSame('0', $active('old'));
        self::assertSame('1', $active('new'));
        self::assertSame('1', $active('until'));
        self::assertSame([], self::$shop->lines(ItemSql::operator("ivan' OR '1'='1")));
        self::assertSame(['0'], array_map('trim', self::$shop->lines(ItemSql::officeType())));
    }
}
