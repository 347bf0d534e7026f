<?php

declare(strict_types=1);

namespace Dreport\Reports;

/** A5 "Most sold items – daily" (pluturnover.php; E-nav, D1): see PluTurnoverBase. */
final class PluTurnover extends PluTurnoverBase
{
    public function name(): string
    {
        return 'pluturnover';
    }

    public function pages(): array
    {
        return ['pluturnover.php'];
    }

    protected function window(Period $p): Window
    {
        return $p->day();
    }
}
