<?php

declare(strict_types=1);

namespace Dreport\Reports;

/** A6 "Most sold items – monthly" (monthpluturnover.php; E-nav, M): first of month … date. */
final class MonthPluTurnover extends PluTurnoverBase
{
    public function name(): string
    {
        return 'monthpluturnover';
    }

    public function pages(): array
    {
        return ['monthpluturnover.php'];
    }

    public function nav(): string
    {
        return Period::M;
    }

    protected function window(Period $p): Window
    {
        return $p->monthToDate();
    }
}
