<?php

declare(strict_types=1);

namespace Dreport\Reports;

use DateTimeImmutable;

/**
 * A run of business days [start, end] (both inclusive) of one object, with its business-day
 * offset (shop-reports.md §0.4): with offset h, business day D runs from D h:00 to D+1 h:00
 * (shop's local time), so a sale at 02:00 with offset 3 belongs to the day before.
 *
 * Every report date window is one of these and reaches SQL only through Sql::window()
 * (the row filter) and Sql::businessDay() (the day a row belongs to), so the offset is
 * applied the same way everywhere and no second of a day is lost.
 */
final class Window
{
    public function __construct(
        public readonly DateTimeImmutable $start,
        public readonly DateTimeImmutable $end,
        public readonly int $offset = 0,
    ) {
        if ($offset < BusinessDay::OFFSET_MIN || $offset > BusinessDay::OFFSET_MAX) {
            throw new \InvalidArgumentException('business-day offset out of range');
        }
        if ($end < $start) {
            throw new \InvalidArgumentException('window ends before it starts');
        }
    }

    /** First instant of the window: start day at offset o'clock. */
    public function from(): DateTimeImmutable
    {
        return $this->start->setTime($this->offset, 0);
    }

    /** First instant AFTER the window (exclusive bound): the day after end, at offset o'clock. */
    public function until(): DateTimeImmutable
    {
        return $this->end->modify('+1 day')->setTime($this->offset, 0);
    }

    /** Every business day of the window, oldest first. @return list<DateTimeImmutable> */
    public function days(): array
    {
        $out = [];
        for ($d = $this->start; $d <= $this->end; $d = $d->modify('+1 day')) {
            $out[] = $d;
        }
        return $out;
    }

    /**
     * Every calendar month the window touches, oldest first, as the first day of the month.
     *
     * @return list<DateTimeImmutable>
     */
    public function months(): array
    {
        $out = [];
        $last = $this->end->modify('first day of this month');
        for ($m = $this->start->modify('first day of this month'); $m <= $last; $m = $m->modify('+1 month')) {
            $out[] = $m;
        }
        return $out;
    }

    /** "25.11.2026" or "01.11.2026 - 25.11.2026". */
    public function label(): string
    {
        $a = $this->start->format('d.m.Y');
        $b = $this->end->format('d.m.Y');
        return $a === $b ? $a : $a . ' - ' . $b;
    }
}
