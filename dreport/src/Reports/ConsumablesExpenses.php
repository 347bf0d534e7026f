<?php

declare(strict_types=1);

namespace Dreport\Reports;

/** A23 "Consumables expenses": deliveries of the object's consumables group (default 84). */
final class ConsumablesExpenses extends Expenses
{
    public function name(): string
    {
        return 'consumablesexpenses';
    }

    public function pages(): array
    {
        return ['monthlyexpenses.php'];
    }

    protected function consumables(): bool
    {
        return true;
    }
}
