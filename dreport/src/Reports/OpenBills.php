<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * A11 "Open bills" (openbills.php; E-block, no date): the bills open right now (not
 * finished, not sold, not revoked, a real number, at least one line), oldest first.
 */
final class OpenBills extends BillsBase
{
    public function name(): string
    {
        return 'openbills';
    }

    public function pages(): array
    {
        return ['openbills.php'];
    }

    public function nav(): string
    {
        return Period::NONE;
    }

    protected function bills(ReportParams $p): string
    {
        return Fragments::OPEN_BILL;
    }

    protected function timeColumn(): string
    {
        return 'BH_STARTDATETIME';
    }

    protected function footKeys(): array
    {
        return ['open_bills_count', 'open_bills_amount'];
    }
}
