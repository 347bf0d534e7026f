<?php

declare(strict_types=1);

namespace Dreport\Reports;

/** A23 "Goods expenses": deliveries of every item outside the consumables group. */
final class GoodsExpenses extends Expenses
{
    public function name(): string
    {
        return 'goodsexpenses';
    }

    public function pages(): array
    {
        return ['monthlyStockExpenses.php'];
    }

    protected function consumables(): bool
    {
        return false;
    }
}
