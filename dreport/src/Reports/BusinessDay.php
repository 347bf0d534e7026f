<?php

declare(strict_types=1);

namespace Dreport\Reports;

use DateTimeImmutable;
use DateTimeZone;

/**
 * The business-day offset of an object (t_devices.d_timeoffset, shop-reports.md §0.4):
 * 0–8 hours, chosen on the object's settings as "+0"…"+8". A venue open past midnight
 * sets e.g. 3, and then everything sold before 03:00 counts to the previous day.
 *
 * It is NOT a phone time-zone offset (an earlier version of this site used −12…14 that
 * way; migrations/004 resets such values to 0). The shops keep local (Bulgarian) time in
 * their databases, so "today" is computed on the shop's clock: now in SHOP_TIMEZONE,
 * minus the offset, as a date.
 */
final class BusinessDay
{
    public const OFFSET_MIN = 0;
    public const OFFSET_MAX = 8;
    /** The shops' wall clock (their databases store local time). */
    public const SHOP_TIMEZONE = 'Europe/Sofia';

    /** A valid offset (int 0–8 or a string such as "3" / "+3"), else null. */
    public static function validOffset(mixed $v): ?int
    {
        if (is_int($v)) {
            $n = $v;
        } elseif (is_string($v) && preg_match('/^\+?\d{1,2}$/', trim($v))) {
            $n = (int) trim($v);
        } else {
            return null;
        }
        return ($n >= self::OFFSET_MIN && $n <= self::OFFSET_MAX) ? $n : null;
    }

    /** The stored value as an offset; anything out of range counts as 0. */
    public static function offsetOf(mixed $stored): int
    {
        return self::validOffset(is_numeric($stored) ? (int) $stored : $stored) ?? 0;
    }

    /** The business day that contains $now (default: this instant) for the given offset. */
    public static function today(int $offset, ?DateTimeImmutable $now = null): DateTimeImmutable
    {
        $local = ($now ?? new DateTimeImmutable('now'))->setTimezone(new DateTimeZone(self::SHOP_TIMEZONE));
        $shifted = $local->modify(sprintf('-%d hours', max(0, $offset)));
        // A plain date in PHP's default zone, like every other date of the reports.
        return new DateTimeImmutable($shifted->format('Y-m-d') . ' 00:00:00');
    }
}
