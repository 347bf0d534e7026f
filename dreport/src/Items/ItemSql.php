<?php

declare(strict_types=1);

namespace Dreport\Items;

use Dreport\Reports\Sql;

/**
 * Every Firebird statement of the item pages (search, card, promotions, operator check and
 * the changes with their EVENTS audit rows). All SQL is written for Firebird 2.5 as well
 * (FIRST/SKIP, no window functions, no BOOLEAN); every value enters through {@see Sql}.
 */
final class ItemSql
{
    public const PAGE_SIZE = 15;
    public const PROMOTIONS_MAX = 200;

    /** GEN_ID(NN_OFFICE_TYPE, 0): 1 = the central (head-office) database, else a branch. */
    public static function officeType(): string
    {
        return 'SELECT GEN_ID(NN_OFFICE_TYPE, 0) AS OFFICE_TYPE FROM RDB$DATABASE';
    }

    /**
     * One page of items; asks for PAGE_SIZE + 1 rows so the page knows whether a next page
     * exists. Paged on the shop side; barcodes are matched with EXISTS so an item with
     * several barcodes is still one row.
     */
    public static function search(string $filter, int|string $value, int $page): string
    {
        $where = match ($filter) {
            'numb' => 'p.PLU_NUMB = ' . Sql::int((int) $value),
            'price' => 'p.PLU_SELL_PRICE = ' . Sql::decimal((string) $value),
            'barcode' => 'EXISTS (SELECT 1 FROM BARCODES b WHERE b.PLU_NUMB = p.PLU_NUMB AND b.PLU_ISUSED = 1'
                . ' AND b.PLU_BARCODE = ' . Sql::string((string) $value, ItemValues::BARCODE_MAX) . ')',
            // CONTAINING: case-insensitive "part of", no wildcard characters to escape.
            'name' => 'p.PLU_NAME CONTAINING ' . Sql::string((string) $value, ItemValues::NAME_MAX),
            default => throw new \InvalidArgumentException('unknown filter'),
        };
        return sprintf(
            'SELECT FIRST %s SKIP %s p.PLU_NUMB, p.PLU_NAME, p.PLU_SELL_PRICE, p.PLU_SELL_DISABLED_, p.PLU_PROMOTION_'
            . ' FROM PLUES p WHERE %s ORDER BY p.PLU_NUMB',
            Sql::int(self::PAGE_SIZE + 1),
            Sql::int((max(1, $page) - 1) * self::PAGE_SIZE),
            $where
        );
    }

    /** The item with its group and tax group names and every flag the card and the rules need. */
    public static function item(int $plu): string
    {
        return 'SELECT p.PLU_NUMB, p.PLU_NAME, p.PLU_ECR_NAME, p.PLU_GROUP_ID, g.PGRP_NAME, p.PLU_TAXGROUP_ID,'
            . ' w.TAXGRP_NAME, w.TAXGRP_DESCR, p.PLU_SELL_PRICE, p.PLU_BUY_PRICE, p.PLU_PROMOTION_,'
            . ' p.PLU_LOCAL_PRICE_, p.PLU_SELL_DISABLED_'
            . ' FROM PLUES p LEFT JOIN N_PLUGROUPS g ON g.PGRP_ID = p.PLU_GROUP_ID'
            . ' LEFT JOIN N_WAT w ON w.TAXGRP_NUMB = p.PLU_TAXGROUP_ID'
            . ' WHERE p.PLU_NUMB = ' . Sql::int($plu);
    }

    public static function barcodes(int $plu): string
    {
        return 'SELECT PLU_BARCODE FROM BARCODES WHERE PLU_ISUSED = 1 AND PLU_NUMB = ' . Sql::int($plu)
            . ' ORDER BY PLU_BARCODE';
    }

    /**
     * The operator rows for a username: the DES-crypt hash (checked in PHP, crypt() with
     * its 2-character salt) and whether the shop's own clock says the operator is still
     * active (no end date, the Delphi zero date 30.12.1899 = forever, or not yet passed).
     */
    public static function operator(string $username): string
    {
        return 'SELECT FIRST 5 OPERATOR_USERNAME, OPERATOR_PASSWORD,'
            . ' CASE WHEN OPERATOR_ACTIVETODATE IS NULL'
            . " OR CAST(OPERATOR_ACTIVETODATE AS DATE) = '1899-12-30'"
            . ' OR OPERATOR_ACTIVETODATE >= CURRENT_TIMESTAMP THEN 1 ELSE 0 END AS OPERATOR_ACTIVE'
            . ' FROM N_OPERATORS WHERE OPERATOR_USERNAME = ' . Sql::string($username, ItemValues::USERNAME_MAX);
    }

    /** All promotions of the item, newest first; PR_CURRENT = 1 for the active ones (shop's date). */
    public static function promotions(int $plu): string
    {
        return 'SELECT FIRST ' . Sql::int(self::PROMOTIONS_MAX) . ' PR_ID, PR_FROMDATE, PR_TODATE, PR_FROMTIME,'
            . ' PR_TOTIME, PR_PRICE, PR_PACKET_TYPE, PR_PRIORITY, PR_DAYOFWEEK, PR_ISACTIVE_,'
            . ' CASE WHEN PR_ISACTIVE_ = 1 AND PR_TODATE >= CURRENT_DATE THEN 1 ELSE 0 END AS PR_CURRENT'
            . ' FROM PROMOTIONS WHERE PR_PLUNUMB = ' . Sql::int($plu)
            . ' ORDER BY PR_FROMDATE DESC, PR_ID DESC';
    }

    /** One promotion of this item (a delete names both, so another item's promotion is never hit). */
    public static function promotion(int $plu, int $id): string
    {
        return 'SELECT PR_ID, PR_PLUNUMB, PR_FROMDATE, PR_TODATE FROM PROMOTIONS WHERE PR_ID = ' . Sql::int($id)
            . ' AND PR_PLUNUMB = ' . Sql::int($plu);
    }

    public static function setPrice(int $plu, string $price): string
    {
        return 'UPDATE PLUES SET PLU_SELL_PRICE = ' . Sql::decimal($price) . ' WHERE PLU_NUMB = ' . Sql::int($plu);
    }

    public static function setName(int $plu, string $name): string
    {
        return 'UPDATE PLUES SET PLU_NAME = ' . Sql::string($name, ItemValues::NAME_MAX)
            . ' WHERE PLU_NUMB = ' . Sql::int($plu);
    }

    public static function setEcrName(int $plu, string $name): string
    {
        return 'UPDATE PLUES SET PLU_ECR_NAME = ' . Sql::string($name, ItemValues::ECR_NAME_MAX)
            . ' WHERE PLU_NUMB = ' . Sql::int($plu);
    }

    public static function setSaleBlocked(int $plu, bool $blocked): string
    {
        return 'UPDATE PLUES SET PLU_SELL_DISABLED_ = ' . Sql::int($blocked ? 1 : 0)
            . ' WHERE PLU_NUMB = ' . Sql::int($plu);
    }

    public static function markPromotion(int $plu): string
    {
        return 'UPDATE PLUES SET PLU_PROMOTION_ = 1 WHERE PLU_NUMB = ' . Sql::int($plu);
    }

    /**
     * A new promotion: PR_PACKET_TYPE 1 = fixed price (PR_PRICE = the price), 4 = percent
     * discount (PR_PRICE = −percent); unlimited quantity (−100); the base currency.
     */
    public static function insertPromotion(int $plu, Promotion $p): string
    {
        return 'INSERT INTO PROMOTIONS (PR_ID, PR_PLUNUMB, PR_FROMDATE, PR_TODATE, PR_FROMTIME, PR_TOTIME,'
            . ' PR_ISACTIVE_, PR_LIMIT_QUANT, PR_PRICE, PR_CURRENCY, PR_PACKET_TYPE, PR_PRIORITY, PR_DAYOFWEEK,'
            . ' PR_COMMENT) VALUES (GEN_ID(GEN_PROMOTIONS_ID, 1), ' . Sql::int($plu)
            . ', ' . Sql::date($p->fromDate) . ', ' . Sql::date($p->toDate)
            . ', ' . Sql::time($p->fromTime) . ', ' . Sql::time($p->toTime)
            . ', 1, -100, ' . Sql::decimal($p->storedPrice())
            . ', COALESCE((SELECT FIRST 1 CURR_ID FROM N_CURRENCY WHERE CURR_ISBASE_ = 1), 1)'
            . ', ' . Sql::int($p->packetType()) . ', ' . Sql::int($p->priority)
            . ', ' . Sql::string($p->days, 7) . ', ' . Sql::string('промоция', 20) . ')';
    }

    public static function deletePromotion(int $plu, int $id): string
    {
        return 'DELETE FROM PROMOTIONS WHERE PR_ID = ' . Sql::int($id) . ' AND PR_PLUNUMB = ' . Sql::int($plu);
    }

    /** Clears the item's promotion flag once it has no active promotion left. */
    public static function unmarkPromotionIfNoneLeft(int $plu): string
    {
        return 'UPDATE PLUES SET PLU_PROMOTION_ = 0 WHERE PLU_NUMB = ' . Sql::int($plu)
            . ' AND NOT EXISTS (SELECT 1 FROM PROMOTIONS WHERE PR_PLUNUMB = ' . Sql::int($plu)
            . ' AND PR_ISACTIVE_ = 1 AND PR_TODATE >= CURRENT_DATE)';
    }

    /**
     * The shop's own audit row for a change from the phone (the legacy EVENTS contract):
     * type 6, module 24, operator 1, the item number (or promotion id) in EV_DATANUMB and
     * `Device ID - <device>` in EV_DATATEXT.
     */
    public static function event(string $description, int $dataNumb, string $deviceId): string
    {
        return 'INSERT INTO EVENTS (EV_ID, EV_TYPE, EV_MODULE, EV_OPERATOR, EV_DATETIME, EV_DESCRIPTION,'
            . ' EV_DATANUMB, EV_DATATEXT, EV_EXPORTED_, EV_OFFICE) VALUES (NEXT VALUE FOR GEN_EVENTS_ID, 6, 24, 1,'
            . ' CURRENT_TIMESTAMP, ' . Sql::string($description, ItemValues::EVENT_TEXT_MAX)
            . ', ' . Sql::int($dataNumb)
            . ', ' . Sql::string('Device ID - ' . $deviceId, ItemValues::EVENT_DATATEXT_MAX) . ', 0, 0)';
    }
}
