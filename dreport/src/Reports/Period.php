<?php

declare(strict_types=1);

namespace Dreport\Reports;

use DateTimeImmutable;

/**
 * The report date (`?date=YYYY-MM-DD`, the original site's parameter) with its navigation
 * kind (shop-reports.md §0.5) and the object's business-day offset. A missing, malformed,
 * impossible or future date falls back to the object's business "today" silently.
 *
 * Navigation kinds:
 * - D1: ‹ date−1, › date+1 (only while date < today);
 * - D7: the same in steps of 7 days;
 * - M:  ‹ the last day of the previous month, › the last day of the next month, or today
 *       when the next month is the current one;
 * - M1: date ± 1 month (forward only while date < today);
 * - NONE: a report without a date (open bills).
 *
 * The report's date windows (Window, offset included) all come from here.
 */
final class Period
{
    public const D1 = 'D1';
    public const D7 = 'D7';
    public const M = 'M';
    public const M1 = 'M1';
    public const NONE = 'NONE';
    public const KINDS = [self::D1, self::D7, self::M, self::M1, self::NONE];

    /** Old names kept for code that still says "day"/"month" (day = D1, month = M). */
    public const DAY = self::D1;
    public const MONTH = self::M;

    private function __construct(
        public readonly string $kind,
        public readonly DateTimeImmutable $date,
        public readonly DateTimeImmutable $today,
        public readonly int $offset,
    ) {
    }

    /** A period at $date (clamped to today) for one navigation kind. */
    public static function at(string $kind, DateTimeImmutable $date, DateTimeImmutable $today, int $offset = 0): self
    {
        if (!in_array($kind, self::KINDS, true)) {
            throw new \InvalidArgumentException('unknown navigation kind ' . $kind);
        }
        $today = $today->setTime(0, 0);
        $date = $date->setTime(0, 0);
        return new self($kind, $date > $today ? $today : $date, $today, $offset);
    }

    /**
     * From the request's `date` (YYYY-MM-DD).
     *
     * @param array<string,mixed> $query
     */
    public static function fromQuery(string $kind, array $query, DateTimeImmutable $today, int $offset = 0): self
    {
        return self::at($kind, self::parseDay($query['date'] ?? null) ?? $today, $today, $offset);
    }

    /** A real date 2000-01-01 … 2100-12-31 written YYYY-MM-DD, else null. */
    public static function parseDay(mixed $value): ?DateTimeImmutable
    {
        if (!is_string($value) || !preg_match('/^(\d{4})-(\d{2})-(\d{2})$/', $value, $m)) {
            return null;
        }
        [$y, $mo, $d] = [(int) $m[1], (int) $m[2], (int) $m[3]];
        if ($y < 2000 || $y > 2100 || !checkdate($mo, $d, $y)) {
            return null;
        }
        return new DateTimeImmutable(sprintf('%04d-%02d-%02d 00:00:00', $y, $mo, $d));
    }

    public function isToday(): bool
    {
        return $this->date == $this->today;
    }

    /** Nothing later to step to. */
    public function isCurrent(): bool
    {
        return $this->date >= $this->today;
    }

    public function previous(): self
    {
        return self::at($this->kind, match ($this->kind) {
            self::D7 => $this->date->modify('-7 days'),
            self::M => $this->date->modify('last day of previous month'),
            self::M1 => self::addMonths($this->date, -1),
            default => $this->date->modify('-1 day'),
        }, $this->today, $this->offset);
    }

    /** The next period, or null when the date is already today. */
    public function next(): ?self
    {
        if ($this->isCurrent()) {
            return null;
        }
        return self::at($this->kind, match ($this->kind) {
            self::D7 => $this->date->modify('+7 days'),
            self::M => $this->date->modify('last day of next month'),
            self::M1 => self::addMonths($this->date, 1),
            default => $this->date->modify('+1 day'),
        }, $this->today, $this->offset);
    }

    /** URL parameters selecting this period; today is the default and needs none. @return array<string,string> */
    public function query(): array
    {
        return $this->isToday() ? [] : ['date' => $this->date->format('Y-m-d')];
    }

    /** The date's business day. */
    public function day(): Window
    {
        return new Window($this->date, $this->date, $this->offset);
    }

    /** The $n business days ending with the date (D7 charts: n = 7). */
    public function lastDays(int $n): Window
    {
        return new Window($this->date->modify('-' . max(0, $n - 1) . ' days'), $this->date, $this->offset);
    }

    /** The first of the date's month … the date. */
    public function monthToDate(): Window
    {
        return new Window($this->date->modify('first day of this month'), $this->date, $this->offset);
    }

    /** The whole calendar month of the date, but never past today. */
    public function month(): Window
    {
        $last = $this->date->modify('last day of this month');
        return new Window($this->date->modify('first day of this month'), min($last, $this->today), $this->offset);
    }

    /** The first of the month $back months before the date's month … the date (A2's trend). */
    public function monthsBack(int $back): Window
    {
        $first = $this->date->modify('first day of this month')->modify('-' . max(0, $back) . ' months');
        return new Window($first, $this->date, $this->offset);
    }

    /** Any window of this object (offset applied). */
    public function window(DateTimeImmutable $start, DateTimeImmutable $end): Window
    {
        return new Window($start->setTime(0, 0), $end->setTime(0, 0), $this->offset);
    }

    /** Same day of month $n months away, clamped to that month's last day (31.03 − 1 month = 28/29.02). */
    public static function addMonths(DateTimeImmutable $d, int $n): DateTimeImmutable
    {
        $first = $d->modify('first day of this month')->modify(sprintf('%+d months', $n));
        $day = min((int) $d->format('j'), (int) $first->format('t'));
        return $first->setDate((int) $first->format('Y'), (int) $first->format('n'), $day);
    }
}
