<?php

declare(strict_types=1);

namespace Dreport\Tests\Viewer;

use Dreport\Items\ItemChange;
use Dreport\Items\ItemSql;
use Dreport\Items\ItemValues;
use Dreport\Items\OperatorCheck;
use Dreport\Items\Promotion;
use Dreport\Items\SecretBox;
use Dreport\Config;
use Dreport\Reports\Sql;
use Dreport\Reports\Task;
use Dreport\Viewer\RuleViolation;
use PHPUnit\Framework\TestCase;

/**
 * The item pages' literals, validators and statements with hostile input: a value either
 * becomes one well-formed Firebird literal or is refused; it never ends a literal early.
 */
final class ItemSqlTest extends TestCase
{
    /** @return list<array{string}> */
    public static function hostileTexts(): array
    {
        return [
            ["'; DELETE FROM PLUES; --"],
            ["O'Brien"],
            ["''''"],
            ["x' OR '1'='1"],
            ['/* comment */ name'],
            ['name -- trailing'],
            ['Кафе „Лаваца“ 250г'],
            ['a\\b'],
            ['semi;colon'],
        ];
    }

    /** @dataProvider hostileTexts */
    public function testStringLiteralKeepsHostileTextInside(string $text): void
    {
        $lit = Sql::string($text, 100);
        self::assertSame("'" . str_replace("'", "''", $text) . "'", $lit);
        // Parse it back the way Firebird does: one literal, ending at the last character.
        self::assertSame(1, preg_match("/^'((?:[^']|'')*)'$/", $lit, $m));
        self::assertSame($text, str_replace("''", "'", $m[1]));
    }

    /** @return list<array{string}> */
    public static function refusedTexts(): array
    {
        return [
            ["nul\0byte"],
            ["new\nline"],
            ["tab\there"],
            ["\x7F"],
            ['emoji 😀'],
            ['中文'],
            ["bad utf8 \xC3\x28"],
            ["\xE2\x80\x8B zero width space"],
        ];
    }

    /** @dataProvider refusedTexts */
    public function testStringLiteralRefusesWhatCp1251CannotCarry(string $text): void
    {
        $this->expectException(\InvalidArgumentException::class);
        Sql::string($text, 1000);
    }

    public function testStringLiteralRefusesTooLongText(): void
    {
        self::assertSame("'" . str_repeat('я', 100) . "'", Sql::string(str_repeat('я', 100), 100));
        $this->expectException(\InvalidArgumentException::class);
        Sql::string(str_repeat('a', 10240), 100);
    }

    public function testDecimalLiteral(): void
    {
        foreach (['0', '1.5', '12.3456', '-10', '999999.9999'] as $ok) {
            self::assertSame($ok, Sql::decimal($ok));
        }
        foreach (['', '1.23456', '1e3', '0x10', '1,5', '01', '1.', '.5', "1; DELETE FROM PLUES", "1\0", ' 1', 'NaN'] as $bad) {
            try {
                Sql::decimal($bad);
                self::fail('accepted ' . json_encode($bad));
            } catch (\InvalidArgumentException) {
                self::assertTrue(true);
            }
        }
    }

    public function testTimeLiteral(): void
    {
        self::assertSame("'07:05:00'", Sql::time(ItemValues::time('07:05')));
        self::assertSame("'23:59:59'", Sql::time(ItemValues::time('23:59:59')));
    }

    public function testPriceValidation(): void
    {
        self::assertSame('1.5', ItemValues::price('1.50'));
        self::assertSame('1.5', ItemValues::price(' 1,5 '));
        self::assertSame('0', ItemValues::price('0.000'));
        self::assertSame('12.3456', ItemValues::price('12.3456'));
        self::assertSame('999999.9999', ItemValues::price('999999.9999'));
        foreach (['-1', '1.23456', '1000000', '1e3', 'abc', '', '1.2.3', "1'", "1; DELETE FROM PLUES; --", "1\0", '١٢'] as $bad) {
            self::assertNull(ItemValues::price($bad), json_encode($bad));
        }
        self::assertNull(ItemValues::price(['1']));
        self::assertNull(ItemValues::price(1.5));
        self::assertSame('100', ItemValues::percent('100'));
        self::assertNull(ItemValues::percent('100.01'));
        self::assertNull(ItemValues::percent('0'));
    }

    public function testTextValidation(): void
    {
        self::assertSame('Кафе Лаваца', ItemValues::text('  Кафе   Лаваца ', 100));
        self::assertSame("'; DELETE FROM PLUES; --", ItemValues::text("'; DELETE FROM PLUES; --", 100));
        self::assertNull(ItemValues::text('', 100));
        self::assertNull(ItemValues::text('   ', 100));
        self::assertNull(ItemValues::text(str_repeat('x', 61), 60));
        self::assertNull(ItemValues::text(str_repeat('x', 10240), 100));
        self::assertNull(ItemValues::text("a\0b", 100));
        self::assertNull(ItemValues::text('😀', 100));
        self::assertNull(ItemValues::text(['x'], 100));
        self::assertSame(str_repeat('Ж', 24), ItemValues::text(str_repeat('Ж', 24), ItemValues::ECR_NAME_MAX));
        self::assertNull(ItemValues::text(str_repeat('Ж', 25), ItemValues::ECR_NAME_MAX));
    }

    public function testNumbersDatesTimes(): void
    {
        self::assertSame(42, ItemValues::plu('42'));
        foreach (['0', '-1', '1e3', '12 or 1=1', '2147483648', ' ', '0x1', '١'] as $bad) {
            self::assertNull(ItemValues::plu($bad), $bad);
        }
        self::assertNotNull(ItemValues::date('2028-02-29'));
        self::assertNull(ItemValues::date('2027-02-29'));
        self::assertNull(ItemValues::date('2026-13-01'));
        self::assertNull(ItemValues::date("2026-11-25' --"));
        self::assertNull(ItemValues::time('24:00'));
        self::assertNull(ItemValues::time('12:60'));
        self::assertNull(ItemValues::time("12:00'"));
        self::assertSame('1111100', ItemValues::days(['1', '2', '3', '4', '5']));
        self::assertSame('0000001', ItemValues::days(['7']));
        self::assertNull(ItemValues::days([]));
        self::assertNull(ItemValues::days(['8']));
        self::assertNull(ItemValues::days('1'));
        self::assertSame(10, ItemValues::priority('10'));
        self::assertNull(ItemValues::priority('11'));
        self::assertNull(ItemValues::priority('0'));
    }

    public function testSearchIsPagedOnTheShopSide(): void
    {
        $sql = ItemSql::search('name', ItemValues::search('name', "кафе'; DELETE FROM PLUES; --"), 3);
        self::assertStringStartsWith('SELECT FIRST 16 SKIP 30 ', $sql);
        self::assertStringContainsString("p.PLU_NAME CONTAINING 'кафе''; DELETE FROM PLUES; --'", $sql);
        self::assertStringEndsWith('ORDER BY p.PLU_NUMB', $sql);
        self::assertStringContainsString('p.PLU_NUMB = 42', ItemSql::search('numb', ItemValues::search('numb', '42'), 1));
        self::assertStringContainsString('p.PLU_SELL_PRICE = 1.5', ItemSql::search('price', ItemValues::search('price', '1,50'), 1));
        self::assertStringContainsString("b.PLU_BARCODE = '3800123'", ItemSql::search('barcode', ItemValues::search('barcode', '3800123'), 1));
        self::assertNull(ItemValues::search('barcode', "380' OR 1=1"));
        self::assertNull(ItemValues::search('numb', 'abc'));
        self::assertNull(ItemValues::search('price', '1.23456'));
        self::assertNull(ItemValues::search('name', "x\0"));
    }

    public function testEachChangeIsItsStatementsAndOneEventsRow(): void
    {
        $c = ItemChange::price(101, '2.35');
        $s = $c->statements('3769d93a', "ivan'o", 'dev-1');
        self::assertSame(['S1SetPrice', 'S2Event', 'S3After'], array_keys($s));
        self::assertSame(ItemSql::item(101), $s['S3After'], 'read back in the same transaction');
        self::assertSame(['PLU_NUMB' => 1], $c->afterRow(['ResultCode' => 0, 'S1SetPrice' => [], 'S3After' => [['PLU_NUMB' => 1]]]));
        self::assertSame('UPDATE PLUES SET PLU_SELL_PRICE = 2.35 WHERE PLU_NUMB = 101', $s['S1SetPrice']);
        self::assertStringContainsString(
            "'[МОБИЛНИ СПРАВКИ] [ПРОМЯНА ЦЕНА] ОБЕКТ (3769d93a) Оператор (ivan''o) направи промяна на цена(2.35) за артикул с артикулен номер(101).'",
            $s['S2Event']
        );
        self::assertStringContainsString('VALUES (NEXT VALUE FOR GEN_EVENTS_ID, 6, 24, 1, CURRENT_TIMESTAMP,', $s['S2Event']);
        self::assertStringEndsWith(", 101, 'Device ID - dev-1', 0, 0)", $s['S2Event']);
        self::assertFalse($c->centralOnly());

        $hostile = "Х'); DELETE FROM PLUES; --";
        $n = ItemChange::name(7, $hostile)->statements('o1', 'op', 'd');
        self::assertSame("UPDATE PLUES SET PLU_NAME = 'Х''); DELETE FROM PLUES; --' WHERE PLU_NUMB = 7", $n['S1SetName']);
        self::assertStringContainsString("направи промяна на име на артикул(Х''); DELETE FROM PLUES; --) с артикулен номер(7).", $n['S2Event']);

        $b = ItemChange::saleBlock(7, false)->statements('o1', 'op', 'd');
        self::assertSame('UPDATE PLUES SET PLU_SELL_DISABLED_ = 0 WHERE PLU_NUMB = 7', $b['S1SetSaleBlock']);
        self::assertStringContainsString('[ПРОМЯНА АРТИКУЛ] ОБЕКТ (o1) Оператор (op) разреши за продажба артикул с артикулен номер(7).', $b['S2Event']);
        self::assertStringContainsString('забрани за продажба', ItemChange::saleBlock(7, true)->statements('o1', 'op', 'd')['S2Event']);

        $d = ItemChange::deletePromotion(7, 55)->statements('o1', 'op', 'd');
        self::assertSame(['S1DeletePromotion', 'S2UnmarkPromotion', 'S3Event', 'S4After'], array_keys($d));
        self::assertSame('DELETE FROM PROMOTIONS WHERE PR_ID = 55 AND PR_PLUNUMB = 7', $d['S1DeletePromotion']);
        self::assertStringContainsString('премахна промоция с ID (55).', $d['S3Event']);
        self::assertStringEndsWith(", 55, 'Device ID - d', 0, 0)", $d['S3Event'], 'EV_DATANUMB = PR_ID');
        // The whole task is valid JSON and stays one line per statement.
        $task = Task::build('o1', md5('x'), $n);
        self::assertSame($task, json_decode((string) json_encode($task), true));
    }

    public function testAuditTextAndStoredPrice(): void
    {
        $c = ItemChange::price(5, '1.2345');
        $before = ['PLU_SELL_PRICE' => 1.5];
        self::assertSame('sell price 1.5 -> 1.2345', $c->auditText($before));
        self::assertSame('sell price 1.5 -> 1.23', $c->auditText($before, ['PLU_SELL_PRICE' => '1.23']));
        self::assertSame('1.23', $c->storedPriceDiffers(['PLU_SELL_PRICE' => '1.23']));
        self::assertNull(ItemChange::price(5, '1.2')->storedPriceDiffers(['PLU_SELL_PRICE' => '1.20']));
        self::assertNull(ItemChange::price(5, '1.2')->storedPriceDiffers(null));
        self::assertSame('name "a" -> "b"', ItemChange::name(5, 'b')->auditText(['PLU_NAME' => 'a'], ['PLU_NAME' => 'b']));
        // A bad read-back from the shop: no column, an empty row, a value that is not a number.
        self::assertSame('sell price 1.5 -> 1.2345', $c->auditText($before, ['OTHER' => 1]));
        self::assertSame('name "a" -> "b"', ItemChange::name(5, 'b')->auditText(['PLU_NAME' => 'a'], []));
        self::assertNull($c->storedPriceDiffers([]));
        self::assertNull($c->storedPriceDiffers(['PLU_SELL_PRICE' => 'abc']));
        self::assertNull($c->storedPriceDiffers(['PLU_SELL_PRICE' => null]));
        self::assertSame('sell price ? -> 1.2345', $c->auditText(null));
    }

    public function testPromotionForm(): void
    {
        $p = Promotion::fromForm([
            'ptype' => 'percent', 'pvalue' => '15', 'from_date' => '2026-12-01', 'to_date' => '2026-12-31',
            'from_time' => '08:00', 'to_time' => '20:00', 'priority' => '3', 'days' => ['6', '7'],
        ]);
        $s = ItemChange::addPromotion(9, $p)->statements('o1', 'op', 'd');
        self::assertSame(['S1MarkPromotion', 'S2AddPromotion', 'S3Event', 'S4After'], array_keys($s));
        self::assertStringContainsString(
            "VALUES (GEN_ID(GEN_PROMOTIONS_ID, 1), 9, '2026-12-01', '2026-12-31', '08:00:00', '20:00:00', 1, -100, -15,",
            $s['S2AddPromotion']
        );
        self::assertStringContainsString(", 4, 3, '0000011', 'промоция')", $s['S2AddPromotion']);
        self::assertStringContainsString(
            'направи нова промоция за артикул (9) с начална дата (2026-12-01), крайна дата (2026-12-31), начален час (08:00:00), краен час (20:00:00).',
            $s['S3Event']
        );
        $base = ['ptype' => 'price', 'pvalue' => '1.99', 'from_date' => '2026-12-01', 'to_date' => '2026-12-31',
            'from_time' => '08:00', 'to_time' => '20:00', 'priority' => '3', 'days' => ['1']];
        $cases = [
            ['pvalue' => "1'; --"] + $base,
            ['to_date' => '2026-11-30'] + $base,
            ['from_date' => '2026-02-30'] + $base,
            ['to_time' => '08:00'] + $base,
            ['to_time' => '25:00'] + $base,
            ['priority' => '11'] + $base,
            ['days' => []] + $base,
            ['ptype' => 'percent', 'pvalue' => '150'] + $base,
            ['ptype' => 'x'] + $base,
        ];
        foreach ($cases as $i => $c) {
            try {
                Promotion::fromForm($c);
                self::fail("case $i accepted");
            } catch (RuleViolation $e) {
                self::assertStringStartsWith('itm_err_', $e->getMessage());
            }
        }
    }

    public function testOperatorCheckDesCryptAndActiveFlag(): void
    {
        $hash = crypt('s3cret', 'ab');
        self::assertSame(13, strlen($hash));
        $row = ['OPERATOR_USERNAME' => 'ivan', 'OPERATOR_PASSWORD' => $hash, 'OPERATOR_ACTIVE' => 1];
        self::assertNull(OperatorCheck::operatorRefusal([$row], 'ivan', 's3cret'));
        self::assertSame('itm_err_operator_wrong', OperatorCheck::operatorRefusal([$row], 'ivan', 'wrong'));
        self::assertSame('itm_err_operator_wrong', OperatorCheck::operatorRefusal([$row], 'Ivan', 's3cret'));
        self::assertSame('itm_err_operator_wrong', OperatorCheck::operatorRefusal([], 'ivan', 's3cret'));
        self::assertSame('itm_err_operator_expired', OperatorCheck::operatorRefusal([['OPERATOR_ACTIVE' => 0] + $row], 'ivan', 's3cret'));
        // A stored plain-text password is not a hash: never accepted.
        self::assertSame('itm_err_operator_wrong', OperatorCheck::operatorRefusal([['OPERATOR_PASSWORD' => 's3cret'] + $row], 'ivan', 's3cret'));
        $price = ItemChange::price(1, '1');
        $name = ItemChange::name(1, 'x');
        self::assertNull(OperatorCheck::placeRefusal(1, ['PLU_LOCAL_PRICE_' => 0], $name));
        self::assertSame('itm_err_branch', OperatorCheck::placeRefusal(0, ['PLU_LOCAL_PRICE_' => 1], $name));
        self::assertNull(OperatorCheck::placeRefusal(0, ['PLU_LOCAL_PRICE_' => 1], $price));
        self::assertSame('itm_err_branch_price', OperatorCheck::placeRefusal(2, ['PLU_LOCAL_PRICE_' => 0], $price));
        self::assertSame('itm_err_not_found', OperatorCheck::placeRefusal(1, null, $price));
    }

    public function testSecretBox(): void
    {
        self::assertNull(SecretBox::fromConfig(new Config([])));
        self::assertNull(SecretBox::fromConfig(new Config([SecretBox::ENV => 'short'])));
        $box = SecretBox::fromConfig(new Config([SecretBox::ENV => str_repeat('k', 40)]));
        self::assertNotNull($box);
        $enc = $box->encrypt(str_repeat('p', ItemValues::PASSWORD_MAX));
        self::assertLessThanOrEqual(100, strlen($enc), 'fits t_devices.d_editPassword varchar(100)');
        self::assertStringNotContainsString('ppp', $enc);
        self::assertSame(str_repeat('p', ItemValues::PASSWORD_MAX), $box->decrypt($enc));
        self::assertNotSame($enc, $box->encrypt(str_repeat('p', ItemValues::PASSWORD_MAX)), 'random nonce');
        $other = SecretBox::fromConfig(new Config([SecretBox::ENV => str_repeat('x', 40)]));
        self::assertNull($other->decrypt($enc));
        self::assertNull($box->decrypt('legacyPlainOrAesValue=='));
        self::assertNull($box->decrypt(substr($enc, 0, -2) . 'AA'));
    }
}
