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

    /**
     * A quoted Firebird string literal (`'O''Brien'`) for text that the shop stores in a
     * WIN1251 column of at most `$maxChars` characters. The text must be valid UTF-8, carry
     * no control characters (NUL, newlines, tabs: a task's SQL is compacted to one line) and
     * only characters cp1251 can hold; anything else is refused here, so a value that was
     * not validated before still cannot break out of the literal or be mangled on its way.
     * Quotes are doubled, the only escape Firebird has; comment markers and `;` are inert
     * inside the quotes. (Item pages; viewer-items.)
     *
     * @throws \InvalidArgumentException
     */
    public static function string(string $text, int $maxChars): string
    {
        if (!self::isCp1251Text($text)) {
            throw new \InvalidArgumentException('text is not printable cp1251 text');
        }
        if (mb_strlen($text, 'UTF-8') > $maxChars) {
            throw new \InvalidArgumentException('text longer than ' . $maxChars . ' characters');
        }
        return "'" . str_replace("'", "''", $text) . "'";
    }

    /**
     * True for valid UTF-8 without control characters whose every character exists in
     * cp1251 (the shop database's character set).
     */
    public static function isCp1251Text(string $text): bool
    {
        if (!mb_check_encoding($text, 'UTF-8') || preg_match('/[\x00-\x1F\x7F]/', $text)) {
            return false;
        }
        if ($text === '') {
            return true;
        }
        $converted = @iconv('UTF-8', 'CP1251', $text);
        return is_string($converted) && iconv('CP1251', 'UTF-8', $converted) === $text;
    }

    /**
     * A decimal literal (`12.5`, `-10`) from an already normalised decimal string: an
     * optional minus, 1–12 integer digits, at most 4 decimals. Anything else throws.
     *
     * @throws \InvalidArgumentException
     */
    public static function decimal(string $value): string
    {
        if (!preg_match('/^-?(0|[1-9]\d{0,11})(\.\d{1,4})?$/D', $value)) {
            throw new \InvalidArgumentException('not a normalised decimal');
        }
        return $value;
    }

    /** `'14:30:00'` for a validated time of day. */
    public static function time(\DateTimeInterface $time): string
    {
        return "'" . $time->format('H:i:s') . "'";
    }
}
