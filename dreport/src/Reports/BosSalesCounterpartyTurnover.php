<?php

declare(strict_types=1);

namespace Dreport\Reports;

/** A24 BOSSalesCounterpartyTurnover: BOS sales per counterparty for one business day (D1). */
final class BosSalesCounterpartyTurnover extends BosCounterparty
{
    public function name(): string
    {
        return 'bossalescounterpartyturnover';
    }

    public function pages(): array
    {
        return ['BOSSalesCounterpartyTurnover.php'];
    }

    protected function window(Period $period): Window
    {
        return $period->day();
    }
}
