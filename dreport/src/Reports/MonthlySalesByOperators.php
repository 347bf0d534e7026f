<?php

declare(strict_types=1);

namespace Dreport\Reports;

/** A8: sales by operator for the date's calendar month, up to today (M1: ± one month). */
final class MonthlySalesByOperators extends SalesByOperator
{
    public function name(): string
    {
        return 'monthlysalesbyoperators';
    }

    public function pages(): array
    {
        return ['MonthlySalesByOperators.php'];
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
