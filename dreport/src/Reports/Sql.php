<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * The ONLY way values enter shop SQL (the guide's "one literal-building function"). The
 * task SQL runs on the shop's Firebird database through the client, so there are no bind
 * parameters: every value is written here from an already validated PHP value (a date,
 * an int, a Window), never copied from the request. Add new literal kinds HERE (e.g. text
 * and decimal literals for item changes), next to these, with a test of hostile input.
 *
 * Everything written is valid on Firebird 2.5 and 3 (shop-reports.md intro).
 */
final class Sql
{
    /** `'2026-11-25'` for a validated date. */
    public static function date(\DateTimeInterface $day): string
    {
        return "'" . $day->format('Y-m-d') . "'";
    }

    /** `'2026-11-25 03:00:00'` for a validated instant (shop local time). */
    public static function timestamp(\DateTimeInterface $t): string
    {
        return "'" . $t->format('Y-m-d H:i:s') . "'";
    }

    /** A decimal integer literal. */
    public static function int(int $n): string
    {
        return (string) $n;
    }

    /** A column reference such as `s.SPLU_DATETIME` (code-given, checked anyway). */
    public static function column(string $column): string
    {
        if (!preg_match('/^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/', $column)) {
            throw new \InvalidArgumentException('bad column name');
        }
        return $column;
    }

    /**
     * The rows of a timestamp column that fall into a window of business days
     * (shop-reports.md §0.4): `col >= 'start offset:00' and col < 'end+1 offset:00'`.
     * Half-open, so no second (or millisecond) of the last day is lost, and index-friendly.
     */
    public static function window(string $column, Window $w): string
    {
        $c = self::column($column);
        return sprintf('(%s >= %s and %s < %s)', $c, self::timestamp($w->from()), $c, self::timestamp($w->until()));
    }

    /**
     * The business day a timestamp belongs to, as a DATE: `cast(dateadd(-3 hour to col) as date)`
     * (offset 0: `cast(col as date)`). Use it to group rows by day; filter with window().
     */
    public static function businessDay(string $column, int $offset): string
    {
        $c = self::column($column);
        if ($offset < BusinessDay::OFFSET_MIN || $offset > BusinessDay::OFFSET_MAX) {
            throw new \InvalidArgumentException('business-day offset out of range');
        }
        return $offset === 0 ? "cast($c as date)" : sprintf('cast(dateadd(%d hour to %s) as date)', -$offset, $c);
    }

    /**
     * Old helper (whole calendar days, no offset): kept for code written against it; it now
     * delegates to window() so the last second of the day is not lost either.
     */
    public static function between(string $column, Period $period): string
    {
        return self::window($column, $period->day());
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
