<?php

declare(strict_types=1);

namespace Dreport\Reports;

/** A9: sales by print group for one business day (D1). */
final class DailySalesByPrintGroup extends SalesByPrintGroup
{
    public function name(): string
    {
        return 'dailysalesbyprintgroup';
    }

    public function pages(): array
    {
        return ['DailySalesByPrintGroup.php'];
    }

    protected function window(Period $period): Window
    {
        return $period->day();
    }
}
