<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * Sales by operator (shop-reports.md A7 DailySalesByOperators / A8 MonthlySalesByOperators):
 * Σ SELL_SUM of the valid receipts (SELL_REVOKED_ = 0) per operator as written on the receipt
 * (SELL_OPERATOR, SELL_OPERNAME) and per currency (CURR_ABR), over whole business days.
 *
 * Differences from the original, on purpose (docs/dreport-viewer.md): the object's
 * business-day offset applies (the original used plain 00:00:00 … < 23:59:59 windows, no
 * offset, losing the last second of each day); each currency is shown with its amounts
 * (the original drew every currency's sum as a bare number).
 */
abstract class SalesByOperator extends BaseReport
{
    public const SALES = 'OperatorSales';

    /** The business days shown. */
    abstract protected function window(Period $period): Window;

    public function queries(ReportParams $p): array
    {
        $w = $this->window(self::period($p));
        return [
            self::SALES => 'select b.SELL_OPERATOR as OPERATOR_ID, b.SELL_OPERNAME as OPERATOR_NAME,'
                . " coalesce(c.CURR_ABR, '') as CURRENCY, max(c.CURR_SIGN) as CURR_SIGN,"
                . ' sum(b.SELL_SUM) as TOTAL, count(b.SELL_ID) as RECEIPTS'
                . ' from SALES_BON b left join N_CURRENCY c on c.CURR_ID = b.SELL_CURRTYPE'
                . ' where b.SELL_REVOKED_ = 0 and ' . Sql::window('b.SELL_DATETIME', $w)
                . ' group by 1, 2, 3 order by 5 desc',
        ];
    }

    public function present(array $answer, ReportParams $p, ReportView $v): array
    {
        $w = $this->window(self::period($p));
        $rows = Task::rows($answer, self::SALES);
        return Lists::byCurrency(
            $rows,
            $v,
            $v->t('r_operators'),
            static fn (array $r): string => ReportView::text($r, 'OPERATOR_NAME')
                ?: '#' . ReportView::text($r, 'OPERATOR_ID'),
            ['operator', '#receipts', '#amount'],
            static fn (array $r): array => [$v->fmt->int($r['RECEIPTS'] ?? 0)],
            'RECEIPTS',
            'operators',
            $w
        );
    }
}
