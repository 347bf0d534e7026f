<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * A24 BOSSalesMonthlyTurnover ("BOS sales – monthly turnover", M): A2's structure on the BOS
 * sales documents: the month's turnover per currency (first of the month … the date), its
 * document types, and the four-month trend with the average of the other months, as one
 * comparable series across the euro changeover.
 */
final class BosSalesMonthlyTurnover extends BosSales
{
    public const MONTHLY = 'BosMonthly';
    public const DOC_TYPES = 'BosDocTypes';

    public function name(): string
    {
        return 'bossalesmonthlyturnover';
    }

    public function pages(): array
    {
        return ['BOSSalesMonthlyTurnover.php'];
    }

    public function nav(): string
    {
        return Period::M;
    }

    public function queries(ReportParams $p): array
    {
        $period = self::period($p);
        $w = $period->monthsBack(3);
        $day = Sql::businessDay('s.SUP_DATETIME', $w->offset);
        return [
            self::MONTHLY => "select extract(year from $day) as SELL_YEAR, extract(month from $day) as SELL_MONTH,"
                . " coalesce(c.CURR_ABR, '') as CURRENCY, max(c.CURR_SIGN) as CURR_SIGN,"
                . ' sum(s.SUP_SUM) as TOTAL, count(s.SUP_ID) as DOCS'
                . self::documents($w) . ' group by 1, 2, 3 order by 1, 2, 3',
            self::DOC_TYPES => self::docTypes($period->monthToDate()),
        ];
    }

    public function present(array $answer, ReportParams $p, ReportView $v): array
    {
        $period = self::period($p);
        $w = $period->monthsBack(3);
        $rows = Task::rows($answer, self::MONTHLY);
        $key = static function (array $r): ?string {
            $y = (int) ReportView::num($r, 'SELL_YEAR');
            $m = (int) ReportView::num($r, 'SELL_MONTH');
            return $y >= 2000 && $m >= 1 && $m <= 12 ? sprintf('%04d-%02d', $y, $m) : null;
        };
        $current = $period->date->format('Y-m');
        $stats = [];
        foreach ($rows as $r) {
            if ($key($r) === $current) {
                $stats[] = [
                    'label' => $v->fmt->monthLabel($period->date) . ' ' . ReportView::text($r, 'CURRENCY'),
                    'value' => $v->money($r['TOTAL'] ?? 0, Lists::sign($r)),
                    'class' => Lists::totalClass(ReportView::text($r, 'CURRENCY')),
                ];
            }
        }
        $blocks = [$stats === []
            ? Lists::zeroTotal($period->day(), $v, $v->fmt->monthLabel($period->date))
            : $v->stats($stats)];
        $blocks = array_merge($blocks, self::docTypeBlocks(Task::rows($answer, self::DOC_TYPES), $v));
        $shown = Currency::shownIn($w);
        $series = self::series($rows, $key, static fn (string $m) => new \DateTimeImmutable($m . '-01'), $shown);
        $labels = [];
        $values = [];
        $others = [];
        foreach ($w->months() as $m) {
            $k = $m->format('Y-m');
            $labels[] = $m->format('m.Y');
            $values[] = $series[$k] ?? 0.0;
            if ($k !== $current) {
                $others[] = $series[$k] ?? 0.0;
            }
        }
        $avg = $others === [] ? null : array_sum($others) / count($others);
        $title = $v->t('last_4_months') . ' (' . Currency::sign($shown) . ')';
        $blocks[] = $v->chartBlock($title, $v->chart->columns($title, $labels, $values, $avg, $v->t('average')));
        $note = $v->euroNote($w);
        if ($note !== null) {
            $blocks[] = $v->note($note, 'muted euro-note');
        }
        $blocks[] = Lists::dates($w, $v);
        return $blocks;
    }
}
