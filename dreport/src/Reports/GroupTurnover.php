<?php

declare(strict_types=1);

namespace Dreport\Reports;

/** A3 "Daily groups turnover" (groupturnover.php; E-nav, D1, drill-down): see GroupTurnoverBase. */
final class GroupTurnover extends GroupTurnoverBase
{
    public function name(): string
    {
        return 'groupturnover';
    }

    public function pages(): array
    {
        return ['groupturnover.php'];
    }

    protected function window(Period $p): Window
    {
        return $p->day();
    }

    protected function captionKey(): string
    {
        return 'turnover_current_day';
    }
}
