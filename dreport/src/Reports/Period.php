<?php

declare(strict_types=1);

namespace Dreport\Reports;

use DateTimeImmutable;

/**
 * A report period: one day or one calendar month, always built from validated input.
 * A missing, malformed, impossible or future date falls back to "today" (the device's
 * today, time offset applied) without an error, as the phone user expects.
 */
final class Period
{
    public const DAY = 'day';
    public const MONTH = 'month';

    private function __construct(
        public readonly string $kind,
        public readonly DateTimeImmutable $start,
        public readonly DateTimeImmutable $end,
        private readonly DateTimeImmutable $today,
    ) {
    }

    public static function day(DateTimeImmutable $day, DateTimeImmutable $today): self
    {
        $today = $today->setTime(0, 0);
        $day = $day->setTime(0, 0);
        if ($day > $today) {
            $day = $today;
        }
        return new self(self::DAY, $day, $day, $today);
    }

    /** The month containing $anyDay; a current month ends today, not at its last day. */
    public static function month(DateTimeImmutable $anyDay, DateTimeImmutable $today): self
    {
        $today = $today->setTime(0, 0);
        $first = $anyDay->setTime(0, 0)->modify('first day of this month');
        if ($first > $today) {
            $first = $today->modify('first day of this month');
        }
        $last = $first->modify('last day of this month');
        if ($last > $today) {
            $last = $today;
        }
        return new self(self::MONTH, $first, $last, $today);
    }

    /**
     * Parse the URL's `d` (YYYY-MM-DD) or `m` (YYYY-MM) value for the given kind.
     *
     * @param array<string,mixed> $query
     */
    public static function fromQuery(string $kind, array $query, DateTimeImmutable $today): self
    {
        if ($kind === self::MONTH) {
            $m = self::parseMonth($query['m'] ?? null) ?? self::parseDay($query['d'] ?? null);
            return self::month($m ?? $today, $today);
        }
        return self::day(self::parseDay($query['d'] ?? null) ?? $today, $today);
    }

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

    public static function parseMonth(mixed $value): ?DateTimeImmutable
    {
        if (!is_string($value) || !preg_match('/^(\d{4})-(\d{2})$/', $value, $m)) {
            return null;
        }
        [$y, $mo] = [(int) $m[1], (int) $m[2]];
        if ($y < 2000 || $y > 2100 || $mo < 1 || $mo > 12) {
            return null;
        }
        return new DateTimeImmutable(sprintf('%04d-%02d-01 00:00:00', $y, $mo));
    }

    public function isToday(): bool
    {
        return $this->kind === self::DAY && $this->start == $this->today;
    }

    /** True when there is nothing later to step to. */
    public function isCurrent(): bool
    {
        return $this->end >= $this->today;
    }

    public function previous(): self
    {
        return $this->kind === self::MONTH
            ? self::month($this->start->modify('-1 month'), $this->today)
            : self::day($this->start->modify('-1 day'), $this->today);
    }

    public function next(): ?self
    {
        if ($this->isCurrent()) {
            return null;
        }
        return $this->kind === self::MONTH
            ? self::month($this->start->modify('+1 month'), $this->today)
            : self::day($this->start->modify('+1 day'), $this->today);
    }

    /** URL parameters that select this period. @return array<string,string> */
    public function query(): array
    {
        return $this->kind === self::MONTH
            ? ['m' => $this->start->format('Y-m')]
            : ['d' => $this->start->format('Y-m-d')];
    }

    /** Every day of the period, oldest first. @return list<DateTimeImmutable> */
    public function days(): array
    {
        $out = [];
        for ($d = $this->start; $d <= $this->end; $d = $d->modify('+1 day')) {
            $out[] = $d;
        }
        return $out;
    }

    /** The inclusive day range [$end - ($n-1), $end]. */
    public static function lastDays(DateTimeImmutable $end, int $n, DateTimeImmutable $today): self
    {
        $end = $end->setTime(0, 0);
        return new self(self::DAY, $end->modify('-' . max(0, $n - 1) . ' days'), $end, $today->setTime(0, 0));
    }
}
