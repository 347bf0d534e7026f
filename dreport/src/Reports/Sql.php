<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * The only way values enter report SQL. The task SQL runs on the shop's Firebird database
 * through the client, so there are no bind parameters: every value is produced here by
 * the code from an already validated PHP value (a date object or an int), never copied
 * from the request.
 *
 * Dates are written as `'YYYY-MM-DD'` literals: Firebird casts them implicitly, and the
 * simulator's demo mode reads the first literal as the period start and the second as
 * the (inclusive) period end.
 */
final class Sql
{
    /** `'2026-11-25'` for a validated date. */
    public static function date(\DateTimeInterface $day): string
    {
        return "'" . $day->format('Y-m-d') . "'";
    }

    /** A decimal integer literal. */
    public static function int(int $n): string
    {
        return (string) $n;
    }

    /**
     * `cast(<column> as date) between '<start>' and '<end>'` for an inclusive period.
     * Exactly two date literals, start first, as the demo contract expects.
     */
    public static function between(string $column, Period $period): string
    {
        if (!preg_match('/^[A-Za-z_][A-Za-z0-9_.]*$/', $column)) {
            throw new \InvalidArgumentException('bad column name');
        }
        return sprintf(
            'cast(%s as date) between %s and %s',
            $column,
            self::date($period->start),
            self::date($period->end)
        );
    }
}
