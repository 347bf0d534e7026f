<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * A12 "Closed bills" (closedbills.php; E-block, D1): the bills closed into a receipt
 * during the date's business day (BH_ENDDATETIME in [date offset:00, next day offset:00),
 * half-open: the original's BETWEEN counted a bill closed exactly at the boundary on
 * both days).
 */
final class ClosedBills extends BillsBase
{
    public function name(): string
    {
        return 'closedbills';
    }

    public function pages(): array
    {
        return ['closedbills.php'];
    }

    protected function bills(ReportParams $p): string
    {
        return 'h.BH_SELLID <> 0 and ' . Fragments::REAL_BILL . ' and '
            . Sql::window('h.BH_ENDDATETIME', self::period($p)->day());
    }

    protected function timeColumn(): string
    {
        return 'BH_ENDDATETIME';
    }

    protected function footKeys(): array
    {
        return ['closed_bills_count', 'closed_bills_amount'];
    }
}
