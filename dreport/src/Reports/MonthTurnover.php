<?php

declare(strict_types=1);

namespace Dreport\Reports;

use DateTimeImmutable;

/**
 * Month turnover: base-currency turnover per day of a calendar month (a chart with the
 * daily average and a table) and the month's payment types.
 */
final class MonthTurnover implements Report
{
    public const DAILY = 'DailyTurnover';
    public const PAYMENTS = 'PaymentTypes';

    public function name(): string
    {
        return 'monthturnover';
    }

    public function titleKey(): string
    {
        return 'r_monthturnover';
    }

    public function params(array $query, DateTimeImmutable $today): ReportParams
    {
        return new ReportParams(Period::fromQuery(Period::MONTH, $query, $today), Period::MONTH);
    }

    public function queries(ReportParams $p): array
    {
        $month = $p->period ?? throw new \LogicException('period required');
        return [
            self::DAILY => Fragments::dailyTurnover($month),
            self::PAYMENTS => Fragments::paymentTypes($month),
        ];
    }

    public function present(array $answer, ReportParams $p, ReportView $v): array
    {
        $month = $p->period ?? throw new \LogicException('period required');
        $byDay = Fragments::byDay(Task::rows($answer, self::DAILY));
        $labels = [];
        $values = [];
        $rows = [];
        $total = 0.0;
        $receipts = 0.0;
        foreach ($month->days() as $d) {
            $k = $d->format('Y-m-d');
            $t = $byDay[$k]['total'] ?? 0.0;
            $r = $byDay[$k]['receipts'] ?? 0.0;
            $total += $t;
            $receipts += $r;
            $labels[] = $d->format('j');
            $values[] = $t;
            $rows[] = [$v->fmt->dayLabel($d), $v->fmt->int($r), $v->fmt->money($t)];
        }
        $days = max(1, count($values));
        $avg = $total / $days;
        $blocks = [$v->stats([
            ['label' => $v->t('total'), 'value' => $v->fmt->money($total), 'class' => 'month-total'],
            ['label' => $v->t('receipts'), 'value' => $v->fmt->int($receipts)],
            ['label' => $v->t('average') . ' / ' . mb_strtolower($v->t('day')), 'value' => $v->fmt->money($avg)],
            ['label' => $v->t('avg_receipt'), 'value' => $v->fmt->money($receipts > 0 ? $total / $receipts : 0)],
        ])];
        if ($byDay === []) {
            $blocks[] = $v->note($v->t('no_data'), 'empty');
        }
        $title = $v->t('by_day');
        $blocks[] = $v->chartBlock($title, $v->chart->columns($title, $labels, $values, $avg, $v->t('average')));
        $foot = [$v->t('total'), $v->fmt->int($receipts), $v->fmt->money($total)];
        $blocks[] = $v->table($title, $v->cols('day', '#receipts', '#total'), array_reverse($rows), $foot, 'days');
        return array_merge($blocks, Fragments::paymentBlocks(Task::rows($answer, self::PAYMENTS), $v));
    }
}
