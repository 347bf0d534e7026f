<?php

declare(strict_types=1);

namespace Dreport\Reports;

/** A10: sales by print group for the date's calendar month, up to today (M1). */
final class MonthlySalesByPrintGroup extends SalesByPrintGroup
{
    public function name(): string
    {
        return 'monthlysalesbyprintgroup';
    }

    public function pages(): array
    {
        return ['MonthlySalesByPrintGroup.php'];
    }

    public function nav(): string
    {
        return Period::M1;
    }

    protected function window(Period $period): Window
    {
        return $period->month();
    }
}
