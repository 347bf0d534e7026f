<?php

declare(strict_types=1);

namespace Dreport\Reports;

/** A24 BOSSalesCounterpartyMonthlyTurnover: per counterparty, the first of the month … the date (M). */
final class BosSalesCounterpartyMonthlyTurnover extends BosCounterparty
{
    public function name(): string
    {
        return 'bossalescounterpartymonthlyturnover';
    }

    public function pages(): array
    {
        return ['BOSSalesCounterpartyMonthlyTurnover.php'];
    }

    public function nav(): string
    {
        return Period::M;
    }

    protected function window(Period $period): Window
    {
        return $period->monthToDate();
    }
}
