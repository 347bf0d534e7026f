<?php

declare(strict_types=1);

namespace Dreport\Reports;

use Dreport\Viewer\Format;

/**
 * A1 "Daily turnover" (dayturnover.php; E-nav, D7): the date's turnover per currency (and
 * the day before), its payment types, and the 7 business days up to the date as a chart
 * with the average of the days before the date. Every window is in business days.
 *
 * Differences from the original, on purpose: the big number is the selected date's, not
 * always the shop PC's today; the chart covers the 7 days up to the date (not one day
 * into the future); the chart is one comparable series (euro rule) instead of one point
 * per currency.
 */
final class DayTurnover extends BaseReport
{
    public const CURRENT = 'CurrentTurnover';
    public const LAST = 'LastTurnover';
    public const PAYMENTS = 'CurrentPayType';

    public function name(): string
    {
        return 'dayturnover';
    }

    public function pages(): array
    {
        return ['dayturnover.php'];
    }

    public function nav(): string
    {
        return Period::D7;
    }

    public function queries(ReportParams $p): array
    {
        $period = self::period($p);
        return [
            self::CURRENT => Fragments::receiptsPerDay($period->lastDays(2)),
            self::LAST => Fragments::receiptsPerDay($period->lastDays(7)),
            self::PAYMENTS => Fragments::paymentTypes($period->day()),
        ];
    }

    public function present(array $answer, ReportParams $p, ReportView $v): array
    {
        $period = self::period($p);
        $day = $period->date->format('Y-m-d');
        $prevDay = $period->date->modify('-1 day')->format('Y-m-d');
        $today = [];
        $before = [];
        foreach (Task::rows($answer, self::CURRENT) as $r) {
            $d = Format::parseClientDate($r['SELL_DATE'] ?? null)?->format('Y-m-d');
            if ($d === $day) {
                $today[] = $r;
            } elseif ($d === $prevDay) {
                $before[] = $r;
            }
        }
        $blocks = [];
        $items = Fragments::turnoverItems(
            $today,
            $period->date,
            $period->isToday() ? $v->t('today') : $v->fmt->date($period->date),
            'day-total',
            $v
        );
        foreach ($before as $r) {
            $items[] = [
                'label' => $period->isToday() ? $v->t('yesterday') : $v->fmt->date($period->date->modify('-1 day')),
                'value' => $v->money(ReportView::num($r, 'SELL_SUM'), ReportView::text($r, 'CURR_SIGN')),
                'class' => 'prev-total',
            ];
        }
        $blocks[] = $v->stats($items);
        $blocks = array_merge($blocks, Fragments::paymentBlocks(Task::rows($answer, self::PAYMENTS), $v));

        // The 7-day chart: one comparable series in the currency of the shown period.
        $week = $period->lastDays(7);
        $to = Currency::shownIn($week);
        $byDay = [];
        $table = [];
        foreach (Task::rows($answer, self::LAST) as $r) {
            $d = Format::parseClientDate($r['SELL_DATE'] ?? null);
            if ($d === null) {
                continue;
            }
            $amount = Fragments::comparable($r, 'SELL_SUM', $to);
            if ($amount !== null) {
                $byDay[$d->format('Y-m-d')] = ($byDay[$d->format('Y-m-d')] ?? 0.0) + $amount;
            }
            $table[] = [
                $v->fmt->dayLabel($d),
                $v->fmt->int($r['RECEIPTS'] ?? 0),
                $v->money(ReportView::num($r, 'SELL_SUM'), ReportView::text($r, 'CURR_SIGN')),
            ];
        }
        $labels = [];
        $values = [];
        $others = [];
        foreach ($week->days() as $d) {
            $k = $d->format('Y-m-d');
            $labels[] = $d->format('d.m');
            $values[] = round($byDay[$k] ?? 0.0, 2);
            if ($k !== $day) {
                $others[] = $byDay[$k] ?? 0.0;
            }
        }
        $avg = $others === [] ? null : round(array_sum($others) / count($others), 2);
        $title = $v->t('revenue_in', Currency::sign($to));
        $caption = $v->t('revenue_period', $week->label());
        $note = $v->euroNote($week);
        $blocks[] = $v->chartBlock(
            $title,
            $v->chart->columns($title, $labels, $values, $avg, $v->t('average')),
            $note === null ? $caption : $caption . '. ' . $note
        );
        if ($table !== []) {
            $blocks[] = $v->table('', $v->cols('day', '#receipts', '#amount'), array_reverse($table), null, 'week');
        }
        $blocks[] = $v->note($v->t('to_date', (new \DateTimeImmutable('now', new \DateTimeZone(BusinessDay::SHOP_TIMEZONE)))
            ->format('d.m.Y H:i')), 'muted to-date');
        return $blocks;
    }
}
