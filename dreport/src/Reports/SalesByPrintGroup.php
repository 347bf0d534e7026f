<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * Sales by print group (shop-reports.md A9 DailySalesByPrintGroup / A10
 * MonthlySalesByPrintGroup): the sold item lines (SPLU_REVOKED_ = 0) per the item's print
 * device group (PLUES.PLU_PRINTDEVICE_ID → N_PRINTERGROUPS), valued as the original did:
 * Σ qty · (price + price · discount / 100), in the line's sell currency (no exchange rate,
 * no rounding). Lines of items without a print group form one group with an empty name.
 *
 * Differences from the original, on purpose: business-day offset and no lost last second
 * (as A7/A8); the sums are kept apart per sell currency instead of being added together.
 */
abstract class SalesByPrintGroup extends BaseReport
{
    public const SALES = 'PrintGroupSales';

    abstract protected function window(Period $period): Window;

    public function queries(ReportParams $p): array
    {
        $w = $this->window(self::period($p));
        return [
            self::SALES => 'select p.PLU_PRINTDEVICE_ID as PRN_ID, g.PRN_NAME as PRN_NAME,'
                . " coalesce(c.CURR_ABR, '') as CURRENCY, max(c.CURR_SIGN) as CURR_SIGN,"
                . ' sum(s.SPLU_SOLDQUANT * (s.SPLU_SELLPRICE + s.SPLU_SELLPRICE * s.SPLU_SELLDISCOUNT / 100)) as TOTAL,'
                . ' sum(s.SPLU_SOLDQUANT) as QTY'
                . ' from SALES_PLUES s'
                . ' left join PLUES p on p.PLU_NUMB = s.SPLU_PLUNUMB'
                . ' left join N_PRINTERGROUPS g on g.PRN_ID = p.PLU_PRINTDEVICE_ID'
                . ' left join N_CURRENCY c on c.CURR_ID = s.SPLU_SELLCURRENCY'
                . ' where s.SPLU_REVOKED_ = 0 and ' . Sql::window('s.SPLU_DATETIME', $w)
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
            $v->t('print_groups'),
            static fn (array $r): string => ReportView::text($r, 'PRN_NAME')
                ?: (ReportView::text($r, 'PRN_ID') !== ''
                    ? '#' . ReportView::text($r, 'PRN_ID')
                    : $v->t('no_print_group')),
            ['print_group', '#qty', '#amount'],
            static fn (array $r): array => [$v->fmt->qty($r['QTY'] ?? 0)],
            null,
            'print-groups',
            $w
        );
    }
}
