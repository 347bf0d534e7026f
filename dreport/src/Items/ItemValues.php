<?php

declare(strict_types=1);

namespace Dreport\Items;

use Dreport\Reports\Sql;

/**
 * Strict validation of every value a phone user may send for the item pages. Each
 * validator returns the normalised value or null; the caller shows the matching refusal.
 * Only values that passed here reach {@see ItemSql}, which still builds every literal
 * through {@see Sql}.
 *
 * Column sizes of the shop database are kept here in one place (the Detelina schema's
 * sizes as the shop DDL declares them).
 */
final class ItemValues
{
    /** PLUES.PLU_NAME VARCHAR(60) */
    public const NAME_MAX = 60;
    /** PLUES.PLU_ECR_NAME VARCHAR(24) (the short name printed by the till) */
    public const ECR_NAME_MAX = 24;
    /** N_OPERATORS.OPERATOR_USERNAME VARCHAR(30) */
    public const USERNAME_MAX = 30;
    /** What we keep of an operator password (DES-crypt reads only the first 8 bytes anyway). */
    public const PASSWORD_MAX = 32;
    /** BARCODES.PLU_BARCODE VARCHAR(20) */
    public const BARCODE_MAX = 20;
    /** EVENTS.EV_DESCRIPTION VARCHAR(1000) */
    public const EVENT_TEXT_MAX = 1000;
    /** EVENTS.EV_DATATEXT VARCHAR(100) */
    public const EVENT_DATATEXT_MAX = 100;
    /** Item numbers are positive INTEGER keys. */
    public const PLU_MAX = 2147483647;
    /** Decimals a price may have (the issue's rule; PLU_SELL_PRICE must hold them). */
    public const PRICE_DECIMALS = 4;
    /** A sell price above this is a typing error, not a price. */
    public const PRICE_MAX = '999999.9999';
    public const PERCENT_MAX = 100;
    public const PAGE_MAX = 10000;
    public const FILTERS = ['name', 'numb', 'price', 'barcode'];

    /** A positive item number (digits only, no sign, no exponent). */
    public static function plu(mixed $v): ?int
    {
        return self::positiveInt($v, self::PLU_MAX);
    }

    /** A positive database id (promotion id). */
    public static function id(mixed $v): ?int
    {
        return self::positiveInt($v, 2147483647);
    }

    /** 1-based page number; anything invalid is page 1. */
    public static function page(mixed $v): int
    {
        return self::positiveInt($v, self::PAGE_MAX) ?? 1;
    }

    /**
     * A price or amount: digits, one optional `.` or `,` and at most 4 decimals, between 0
     * and PRICE_MAX. Returns the normalised string (`1.5`, `0`, `12.3456`) that
     * {@see Sql::decimal()} accepts.
     */
    public static function price(mixed $v): ?string
    {
        if (!is_string($v)) {
            return null;
        }
        $v = str_replace(',', '.', trim($v, ' '));
        if (!preg_match('/^(\d{1,6})(?:\.(\d{0,' . self::PRICE_DECIMALS . '}))?$/D', $v, $m)) {
            return null;
        }
        $int = ltrim($m[1], '0');
        $int = $int === '' ? '0' : $int;
        $dec = rtrim($m[2] ?? '', '0');
        $norm = $dec === '' ? $int : $int . '.' . $dec;
        return self::compare($norm, self::PRICE_MAX) <= 0 ? $norm : null;
    }

    /** A discount percentage: a price-shaped value greater than 0 and at most 100. */
    public static function percent(mixed $v): ?string
    {
        $p = self::price($v);
        if ($p === null || $p === '0' || self::compare($p, (string) self::PERCENT_MAX) > 0) {
            return null;
        }
        return $p;
    }

    /**
     * An item name or till name: trimmed, runs of spaces collapsed (the task's SQL is sent
     * compacted), 1..max characters, cp1251 only, no control characters.
     */
    public static function text(mixed $v, int $max): ?string
    {
        if (!is_string($v) || strlen($v) > $max * 4 + 64) {
            return null;
        }
        if (!mb_check_encoding($v, 'UTF-8') || preg_match('/[\x00-\x1F\x7F]/', $v)) {
            return null;
        }
        $v = trim((string) preg_replace('/ {2,}/', ' ', $v), ' ');
        if ($v === '' || mb_strlen($v, 'UTF-8') > $max || !Sql::isCp1251Text($v)) {
            return null;
        }
        return $v;
    }

    /** An operator username as N_OPERATORS stores it. */
    public static function username(mixed $v): ?string
    {
        return self::text($v, self::USERNAME_MAX);
    }

    /** An operator password: 1..PASSWORD_MAX printable characters, kept exactly as typed. */
    public static function password(mixed $v): ?string
    {
        if (!is_string($v) || $v === '' || strlen($v) > self::PASSWORD_MAX * 4) {
            return null;
        }
        if (!mb_check_encoding($v, 'UTF-8') || preg_match('/[\x00-\x1F\x7F]/', $v)) {
            return null;
        }
        return mb_strlen($v, 'UTF-8') <= self::PASSWORD_MAX ? $v : null;
    }

    /** Which search filter: one of FILTERS (default: by name). */
    public static function filter(mixed $v): string
    {
        return is_string($v) && in_array($v, self::FILTERS, true) ? $v : 'name';
    }

    /**
     * The search text for a filter, normalised, or null when it cannot match anything of
     * that kind (the page then says what is expected).
     *
     * @return int|string|null
     */
    public static function search(string $filter, mixed $v): int|string|null
    {
        if (!is_string($v)) {
            return null;
        }
        $v = trim($v, ' ');
        return match ($filter) {
            'numb' => self::plu($v),
            'price' => self::price($v),
            'barcode' => preg_match('/^\d{1,' . self::BARCODE_MAX . '}$/D', $v) ? $v : null,
            default => self::text($v, self::NAME_MAX),
        };
    }

    /** A real calendar date `YYYY-MM-DD` between 2000 and 2099. */
    public static function date(mixed $v): ?\DateTimeImmutable
    {
        if (!is_string($v) || !preg_match('/^(20\d\d)-(\d\d)-(\d\d)$/D', $v, $m)) {
            return null;
        }
        if (!checkdate((int) $m[2], (int) $m[3], (int) $m[1])) {
            return null;
        }
        return new \DateTimeImmutable($v . ' 00:00:00');
    }

    /** A real time of day `HH:MM` or `HH:MM:SS`. */
    public static function time(mixed $v): ?\DateTimeImmutable
    {
        if (!is_string($v) || !preg_match('/^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/D', $v, $m)) {
            return null;
        }
        return (new \DateTimeImmutable('2000-01-01 00:00:00'))
            ->setTime((int) $m[1], (int) $m[2], (int) ($m[3] ?? 0));
    }

    /** Promotion priority 1–10. */
    public static function priority(mixed $v): ?int
    {
        $n = self::positiveInt($v, 10);
        return $n;
    }

    /**
     * Days of week as a 7-character mask, Monday first (`1111100` = Monday to Friday), from
     * the checked boxes `days[]` = 1..7. At least one day.
     */
    public static function days(mixed $v): ?string
    {
        if (!is_array($v) || $v === [] || count($v) > 7) {
            return null;
        }
        $mask = array_fill(1, 7, '0');
        foreach ($v as $d) {
            $n = self::positiveInt($d, 7);
            if ($n === null) {
                return null;
            }
            $mask[$n] = '1';
        }
        return implode('', $mask);
    }

    /** 0/1 from a form's `on`/`off` switch. */
    public static function flag(mixed $v): ?int
    {
        return match ($v) {
            '1', 'on' => 1,
            '0', 'off' => 0,
            default => null,
        };
    }

    /** Compare two non-negative normalised decimal strings without floats: -1, 0 or 1. */
    public static function compare(string $a, string $b): int
    {
        [$ai, $ad] = array_pad(explode('.', $a, 2), 2, '');
        [$bi, $bd] = array_pad(explode('.', $b, 2), 2, '');
        $len = max(strlen($ai), strlen($bi));
        $dl = max(strlen($ad), strlen($bd));
        return strcmp(
            str_pad($ai, $len, '0', STR_PAD_LEFT) . str_pad($ad, $dl, '0'),
            str_pad($bi, $len, '0', STR_PAD_LEFT) . str_pad($bd, $dl, '0')
        ) <=> 0;
    }

    private static function positiveInt(mixed $v, int $max): ?int
    {
        if (is_int($v)) {
            return ($v >= 1 && $v <= $max) ? $v : null;
        }
        if (!is_string($v) || !preg_match('/^[1-9]\d{0,9}$/D', trim($v, ' '))) {
            return null;
        }
        $n = (int) trim($v, ' ');
        return $n <= $max ? $n : null;
    }
}

