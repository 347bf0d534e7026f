<?php

declare(strict_types=1);

namespace Dreport\Reports;

use DateTimeImmutable;

/**
 * The euro changeover, in one place. The shops' base currency changed from BGN (лв) to EUR
 * (€) on 2026-01-01 at the fixed rate 1.95583 BGN = 1 EUR.
 *
 * Rule for a report whose window spans the change (month trend, 7-day chart early in
 * January, an item's monthly sales): a chart or total shows ONE comparable series in the
 * currency of the period shown (the currency of the window's last day); every BGN or EUR
 * amount is converted to it at 1.95583, and the chart says so (note()). Amounts in other
 * currencies are never converted (they stay out of the series). Tables keep each row's
 * original amount and currency.
 *
 * Amounts that are "in the base currency" without a currency column (item lines valued
 * with SPLU_CURRCOURCE) are in the base currency of the day they were sold: baseOn().
 */
final class Currency
{
    public const BGN = 'BGN';
    public const EUR = 'EUR';
    public const RATE = 1.95583;
    public const CHANGEOVER = '2026-01-01';

    public static function changeover(): DateTimeImmutable
    {
        return new DateTimeImmutable(self::CHANGEOVER . ' 00:00:00');
    }

    /** The shops' base currency on a (business) day. */
    public static function baseOn(\DateTimeInterface $day): string
    {
        return $day->format('Y-m-d') < self::CHANGEOVER ? self::BGN : self::EUR;
    }

    /** The currency a window's comparable series is shown in: that of its last day. */
    public static function shownIn(Window $w): string
    {
        return self::baseOn($w->end);
    }

    /** True when the window has days on both sides of the changeover. */
    public static function spansChange(Window $w): bool
    {
        return self::baseOn($w->start) !== self::baseOn($w->end);
    }

    /**
     * The ISO code of a row's currency from its CURR_ABR, else its sign ("лв", "лв.", "€");
     * '' when it is neither BGN nor EUR.
     */
    public static function code(string $abr, string $sign = ''): string
    {
        $a = strtoupper(trim($abr));
        if ($a === self::BGN || $a === self::EUR) {
            return $a;
        }
        $s = mb_strtolower(trim($sign));
        return match (true) {
            in_array($s, ['лв', 'лв.', 'bgn', 'lv', 'lv.'], true) => self::BGN,
            in_array($s, ['€', 'eur', 'евро'], true) => self::EUR,
            default => '',
        };
    }

    /** $amount in currency $from expressed in $to; null when either is not BGN/EUR. */
    public static function convert(float $amount, string $from, string $to): ?float
    {
        if (!in_array($from, [self::BGN, self::EUR], true) || !in_array($to, [self::BGN, self::EUR], true)) {
            return null;
        }
        if ($from === $to) {
            return $amount;
        }
        return $from === self::BGN ? $amount / self::RATE : $amount * self::RATE;
    }

    /** The sign shown after amounts of a currency code. */
    public static function sign(string $code): string
    {
        return match ($code) {
            self::BGN => 'лв',
            self::EUR => '€',
            default => $code,
        };
    }
}
