<?php

declare(strict_types=1);

namespace Dreport\Reports;

/** A7: sales by operator for one business day (D1). */
final class DailySalesByOperators extends SalesByOperator
{
    public function name(): string
    {
        return 'dailysalesbyoperators';
    }

    public function pages(): array
    {
        return ['DailySalesByOperators.php'];
    }

    protected function window(Period $period): Window
    {
        return $period->day();
    }
}
