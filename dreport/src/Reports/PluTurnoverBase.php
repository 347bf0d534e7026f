<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * A5/A6 "Most sold items": the 10 receipt names (SPLU_NAME, as printed on the receipt,
 * not the item number) with the highest turnover in a window of business days, with the
 * quantity sold. Item-line values as in Fragments::ITEM_TURNOVER (base currency of the day).
 */
abstract class PluTurnoverBase extends BaseReport
{
    public const ITEMS = 'PluTurnover';
    public const TOP = 10;

    abstract protected function window(Period $p): Window;

    public function queries(ReportParams $p): array
    {
        $w = $this->window(self::period($p));
        return [
            self::ITEMS => 'select first ' . Sql::int(self::TOP) . ' s.SPLU_NAME as SPLU_NAME,'
                . ' sum(s.SPLU_SOLDQUANT) as SPLU_SOLDQUANT, sum(' . Fragments::ITEM_TURNOVER . ') as TURNOVER'
                . ' from SALES_PLUES s'
                . ' where s.SPLU_REVOKED_ = 0 and ' . Sql::window('s.SPLU_DATETIME', $w)
                . ' group by s.SPLU_NAME order by 3 desc, 1',
        ];
    }

    public function present(array $answer, ReportParams $p, ReportView $v): array
    {
        $w = $this->window(self::period($p));
        $sign = Currency::sign(Currency::shownIn($w));
        $rows = Task::rows($answer, self::ITEMS);
        $blocks = [$v->note($v->t('date_is', $w->label()), 'muted period-window')];
        if ($rows === []) {
            $blocks[] = $v->note($v->t('no_data'), 'empty');
            return $blocks;
        }
        $labels = [];
        $values = [];
        $table = [];
        foreach ($rows as $i => $r) {
            $labels[] = ReportView::text($r, 'SPLU_NAME');
            $values[] = ReportView::num($r, 'TURNOVER');
            $table[] = [
                (string) ($i + 1),
                ReportView::text($r, 'SPLU_NAME'),
                $v->fmt->qty($r['SPLU_SOLDQUANT'] ?? 0),
                $v->money(ReportView::num($r, 'TURNOVER'), $sign),
            ];
        }
        $title = $v->t('turnover_in', $sign);
        $blocks[] = $v->chartBlock($title, $v->chart->bars($title, $labels, $values), $v->t('sales_amount_in', $sign));
        $blocks[] = $v->table('', $v->cols('#', 'item', '#qty', '#amount'), $table, null, 'items');
        return $blocks;
    }
}
