<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * A2 "Monthly turnover" (monthturnover.php; E-nav, M): the month of the date up to the
 * date, per currency, its payment types, and the four-month trend (the three months before
 * and this one, up to the date) as a chart with the average of the months before.
 * Business days throughout; a trend across 2026-01-01 is one comparable series (euro rule).
 */
final class MonthTurnover extends BaseReport
{
    public const LAST = 'LastTurnover';
    public const PAYMENTS = 'CurrentPayType';
    public const MONTHS_BACK = 3;

    public function name(): string
    {
        return 'monthturnover';
    }

    public function pages(): array
    {
        return ['monthturnover.php'];
    }

    public function nav(): string
    {
        return Period::M;
    }

    public function queries(ReportParams $p): array
    {
        $period = self::period($p);
        $w = $period->monthsBack(self::MONTHS_BACK);
        $day = Sql::businessDay('b.SELL_DATETIME', $w->offset);
        return [
            self::LAST => "select extract(month from $day) as SELL_DATE_MONTH, extract(year from $day) as SELL_DATE_YEAR,"
                . ' c.CURR_SIGN as CURR_SIGN, c.CURR_ABR as CURR_ABR,'
                . ' sum(b.SELL_SUM) as SELL_SUM, count(b.SELL_ID) as RECEIPTS'
                . ' from SALES_BON b join N_CURRENCY c on c.CURR_ID = b.SELL_CURRTYPE'
                . ' where b.SELL_REVOKED_ = 0 and ' . Sql::window('b.SELL_DATETIME', $w)
                . " group by extract(year from $day), extract(month from $day), c.CURR_SIGN, c.CURR_ABR"
                . ' order by 2, 1, 3',
            self::PAYMENTS => Fragments::paymentTypes($period->monthToDate()),
        ];
    }

    public function present(array $answer, ReportParams $p, ReportView $v): array
    {
        $period = self::period($p);
        $trend = $period->monthsBack(self::MONTHS_BACK);
        $to = Currency::shownIn($trend);
        $current = $period->date->format('Y-m');
        $byMonth = [];
        $thisMonth = [];
        $table = [];
        foreach (Task::rows($answer, self::LAST) as $r) {
            $y = (int) ReportView::num($r, 'SELL_DATE_YEAR');
            $m = (int) ReportView::num($r, 'SELL_DATE_MONTH');
            if ($y < 2000 || $m < 1 || $m > 12) {
                continue;
            }
            $key = sprintf('%04d-%02d', $y, $m);
            $amount = Fragments::comparable($r, 'SELL_SUM', $to);
            if ($amount !== null) {
                $byMonth[$key] = ($byMonth[$key] ?? 0.0) + $amount;
            }
            if ($key === $current) {
                $thisMonth[] = $r;
            }
            $table[] = [
                $v->fmt->monthLabel(new \DateTimeImmutable($key . '-01')),
                $v->fmt->int($r['RECEIPTS'] ?? 0),
                $v->money(ReportView::num($r, 'SELL_SUM'), ReportView::text($r, 'CURR_SIGN')),
            ];
        }
        $items = Fragments::turnoverItems($thisMonth, $period->date, $v->fmt->monthLabel($period->date), 'month-total', $v);
        $blocks = [$v->stats($items)];
        $blocks = array_merge($blocks, Fragments::paymentBlocks(Task::rows($answer, self::PAYMENTS), $v));

        $labels = [];
        $values = [];
        $others = [];
        foreach ($trend->months() as $m) {
            $k = $m->format('Y-m');
            $labels[] = $v->fmt->monthShort($m);
            $values[] = round($byMonth[$k] ?? 0.0, 2);
            if ($k !== $current) {
                $others[] = $byMonth[$k] ?? 0.0;
            }
        }
        $avg = $others === [] ? null : round(array_sum($others) / count($others), 2);
        $title = $v->t('revenue_in', Currency::sign($to));
        $caption = $v->t('revenue_period', $trend->label());
        $note = $v->euroNote($trend);
        $blocks[] = $v->chartBlock(
            $title,
            $v->chart->columns($title, $labels, $values, $avg, $v->t('average')),
            $note === null ? $caption : $caption . '. ' . $note
        );
        if ($table !== []) {
            $blocks[] = $v->table('', $v->cols('month', '#receipts', '#amount'), array_reverse($table), null, 'months');
        }
        return $blocks;
    }
}
