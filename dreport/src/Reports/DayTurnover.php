<?php

declare(strict_types=1);

namespace Dreport\Reports;

use DateTimeImmutable;

/**
 * Day turnover: the day and the day before per currency, the last 7 days (base currency)
 * as a chart with their average, and the day's payment types.
 */
final class DayTurnover implements Report
{
    public const DAY = 'DayTurnover';
    public const PREV_DAY = 'PrevDayTurnover';
    public const DAILY = 'DailyTurnover';
    public const PAYMENTS = 'PaymentTypes';

    public function name(): string
    {
        return 'dayturnover';
    }

    public function titleKey(): string
    {
        return 'r_dayturnover';
    }

    public function params(array $query, DateTimeImmutable $today): ReportParams
    {
        return new ReportParams(Period::fromQuery(Period::DAY, $query, $today));
    }

    public function queries(ReportParams $p): array
    {
        $day = $p->period ?? throw new \LogicException('period required');
        $prev = Period::lastDays($day->start->modify('-1 day'), 1, $day->start);
        return [
            self::DAY => self::currencies($day),
            self::PREV_DAY => self::currencies($prev),
            self::DAILY => Fragments::dailyTurnover(Period::lastDays($day->start, 7, $day->start)),
            self::PAYMENTS => Fragments::paymentTypes($day),
        ];
    }

    /** Turnover and receipts per currency of one day. */
    private static function currencies(Period $day): string
    {
        return 'select c.CURR_SIGN as CURR_SIGN, c.CURR_ISBASE_ as CURR_ISBASE,'
            . ' sum(b.SELL_SUM) as TOTAL, count(b.SELL_ID) as RECEIPTS'
            . ' from SALES_BON b join N_CURRENCY c on c.CURR_ID = b.SELL_CURRTYPE'
            . ' where b.SELL_REVOKED_ = 0 and ' . Sql::between('b.SELL_DATETIME', $day)
            . ' group by c.CURR_SIGN, c.CURR_ISBASE_ order by 2 desc, 1';
    }

    public function present(array $answer, ReportParams $p, ReportView $v): array
    {
        $day = $p->period ?? throw new \LogicException('period required');
        $today = Task::rows($answer, self::DAY);
        $prev = Task::rows($answer, self::PREV_DAY);
        $base = static function (array $rows): array {
            foreach ($rows as $r) {
                if ((int) ReportView::num($r, 'CURR_ISBASE') === 1) {
                    return $r;
                }
            }
            return [];
        };
        $b = $base($today);
        $pb = $base($prev);
        $total = ReportView::num($b, 'TOTAL');
        $receipts = ReportView::num($b, 'RECEIPTS');
        $sign = ReportView::text($b, 'CURR_SIGN') ?: ReportView::text($pb, 'CURR_SIGN');
        $blocks = [];
        $blocks[] = $v->stats([
            [
                'label' => $day->isToday() ? $v->t('today') : $v->t('total'),
                'value' => trim($v->fmt->money($total) . ' ' . $sign),
                'class' => 'day-total',
            ],
            ['label' => $v->t('receipts'), 'value' => $v->fmt->int($receipts)],
            ['label' => $v->t('avg_receipt'), 'value' => $v->fmt->money($receipts > 0 ? $total / $receipts : 0)],
            [
                'label' => $day->isToday() ? $v->t('yesterday') : $v->fmt->date($day->start->modify('-1 day')),
                'value' => $v->fmt->money(ReportView::num($pb, 'TOTAL')),
            ],
        ]);

        // Per currency: the day and the day before side by side.
        $signs = [];
        foreach ([$today, $prev] as $rows) {
            foreach ($rows as $r) {
                $signs[ReportView::text($r, 'CURR_SIGN')] = true;
            }
        }
        $find = static function (array $rows, string $s): array {
            foreach ($rows as $r) {
                if (ReportView::text($r, 'CURR_SIGN') === $s) {
                    return $r;
                }
            }
            return [];
        };
        $cur = [];
        foreach (array_keys($signs) as $s) {
            $s = (string) $s;
            $t = $find($today, $s);
            $y = $find($prev, $s);
            $cur[] = [
                $s,
                $v->fmt->int($t['RECEIPTS'] ?? 0),
                $v->fmt->money($t['TOTAL'] ?? 0),
                $v->fmt->money($y['TOTAL'] ?? 0),
            ];
        }
        if ($cur !== []) {
            $blocks[] = $v->table($v->t('currency'), [
                [$v->t('currency')], [$v->t('receipts'), true],
                [$day->isToday() ? $v->t('today') : $v->fmt->date($day->start), true],
                [$day->isToday() ? $v->t('yesterday') : $v->fmt->date($day->start->modify('-1 day')), true],
            ], $cur, null, 'currencies');
        } else {
            $blocks[] = $v->note($v->t('no_data'), 'empty');
        }

        // Last 7 days, oldest first, missing days as 0.
        $week = Period::lastDays($day->start, 7, $day->start);
        $byDay = Fragments::byDay(Task::rows($answer, self::DAILY));
        $labels = [];
        $values = [];
        $rows = [];
        foreach ($week->days() as $d) {
            $k = $d->format('Y-m-d');
            $labels[] = $v->i18n->weekday($d) . ' ' . $d->format('d');
            $values[] = $byDay[$k]['total'] ?? 0.0;
            $rows[] = [
                $v->fmt->dayLabel($d),
                $v->fmt->int($byDay[$k]['receipts'] ?? 0),
                $v->fmt->money($byDay[$k]['total'] ?? 0),
            ];
        }
        $avg = array_sum($values) / max(1, count($values));
        $blocks[] = $v->chartBlock(
            $v->t('last_7_days'),
            $v->chart->columns($v->t('last_7_days'), $labels, $values, $avg, $v->t('average'))
        );
        $foot = [$v->t('average'), '', $v->fmt->money($avg)];
        $blocks[] = $v->table('', $v->cols('day', '#receipts', '#total'), array_reverse($rows), $foot, 'week');

        return array_merge($blocks, Fragments::paymentBlocks(Task::rows($answer, self::PAYMENTS), $v));
    }
}
