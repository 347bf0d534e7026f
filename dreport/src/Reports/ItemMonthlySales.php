<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * A19 plueMonthlySales: the item's sales in the date's month and the three months before
 * as a chart with the average of the other months (M1: ± one month).
 *
 * Differences from the original, on purpose: the window ends with the LAST business day of
 * the month (the original stopped at 00:00 of the last day, losing that day's sales) and
 * the offset applies; months before 2026-01 are converted to EUR in the chart when a EUR
 * month is shown (the euro changeover rule).
 */
final class ItemMonthlySales extends ItemSales
{
    public const MONTHLY = 'ItemMonthlySales';

    public function name(): string
    {
        return 'itemmonthlysales';
    }

    public function pages(): array
    {
        return ['plueMonthlySales.php'];
    }

    public function nav(): string
    {
        return Period::M1;
    }

    /** First of the month 3 months back … the month's last day (never past today). */
    private static function window(Period $period): Window
    {
        $first = $period->date->modify('first day of this month');
        $last = min($first->modify('last day of this month'), $period->today);
        return $period->window($first->modify('-3 months'), $last);
    }

    public function queries(ReportParams $p): array
    {
        $w = self::window(self::period($p));
        $day = Sql::businessDay('s.SPLU_DATETIME', $w->offset);
        return self::withItem($p, [
            self::MONTHLY => "select extract(year from $day) as SELL_YEAR, extract(month from $day) as SELL_MONTH, "
                . self::lineValue() . ' as TOTAL, sum(s.SPLU_SOLDQUANT) as QTY, count(*) as LINES'
                . self::lines($p, $w) . ' group by 1, 2 order by 1, 2',
        ]);
    }

    public function present(array $answer, ReportParams $p, ReportView $v): array
    {
        [$item, $blocks] = self::item($answer, $p, $v);
        if ($item === null) {
            return $blocks;
        }
        $period = self::period($p);
        $w = self::window($period);
        $byKey = [];
        $rowOf = [];
        foreach (Task::rows($answer, self::MONTHLY) as $r) {
            $y = (int) ReportView::num($r, 'SELL_YEAR');
            $m = (int) ReportView::num($r, 'SELL_MONTH');
            if ($y >= 2000 && $m >= 1 && $m <= 12) {
                $k = sprintf('%04d-%02d', $y, $m);
                $byKey[$k] = ReportView::num($r, 'TOTAL');
                $rowOf[$k] = $r;
            }
        }
        $current = $period->date->format('Y-m');
        $blocks[] = self::stats(
            $rowOf[$current] ?? null,
            $period->date,
            ReportView::text($item, 'UNIT'),
            $v->fmt->monthLabel($period->date),
            $v
        );
        $buckets = [];
        $labels = [];
        foreach ($w->months() as $m) {
            $buckets[$m->format('Y-m')] = $m;
            $labels[$m->format('Y-m')] = $m->format('m.Y');
        }
        return array_merge($blocks, self::chart($byKey, $buckets, $labels, $current, $w, $v->t('last_4_months'), $v));
    }
}
