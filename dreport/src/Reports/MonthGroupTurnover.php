<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * A4 "Groups monthly turnover" (monthgroupturnover.php; E-nav, M, drill-down): the first
 * of the date's month … the date; see GroupTurnoverBase.
 */
final class MonthGroupTurnover extends GroupTurnoverBase
{
    public function name(): string
    {
        return 'monthgroupturnover';
    }

    public function pages(): array
    {
        return ['monthgroupturnover.php'];
    }

    public function nav(): string
    {
        return Period::M;
    }

    protected function window(Period $p): Window
    {
        return $p->monthToDate();
    }

    protected function captionKey(): string
    {
        return 'turnover_month_to_date';
    }
}
