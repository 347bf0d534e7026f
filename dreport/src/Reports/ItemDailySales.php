<?php

declare(strict_types=1);

namespace Dreport\Reports;

use Dreport\Viewer\Format;
use Dreport\Viewer\Subscription;

/**
 * A18 plueDailySales: the item's sales on the date (value, quantity, sale lines) and the 7
 * business days ending with it as a chart with the average of the other days.
 *
 * Differences from the original, on purpose: business-day offset (the original had none);
 * D1 navigation on the date with a 7-day chart (the original moved a separate 5-day
 * window by ±5 days); "Quantity" is the sold quantity (the original showed the number of
 * sale lines under that label; both are shown).
 */
final class ItemDailySales extends ItemSales
{
    public const DAILY = 'ItemDailySales';

    public function name(): string
    {
        return 'itemdailysales';
    }

    public function pages(): array
    {
        return ['plueDailySales.php'];
    }

    public function expiry(): string
    {
        return Subscription::E_BLOCK;
    }

    public function queries(ReportParams $p): array
    {
        $w = self::period($p)->lastDays(7);
        return self::withItem($p, [
            self::DAILY => 'select ' . Sql::businessDay('s.SPLU_DATETIME', $w->offset) . ' as SELL_DATE, '
                . self::lineValue() . ' as TOTAL, sum(s.SPLU_SOLDQUANT) as QTY, count(*) as LINES'
                . self::lines($p, $w) . ' group by 1 order by 1',
        ]);
    }

    public function present(array $answer, ReportParams $p, ReportView $v): array
    {
        [$item, $blocks] = self::item($answer, $p, $v);
        if ($item === null) {
            return $blocks;
        }
        $period = self::period($p);
        $w = $period->lastDays(7);
        $byKey = [];
        $rowOf = [];
        foreach (Task::rows($answer, self::DAILY) as $r) {
            $d = Format::parseClientDate($r['SELL_DATE'] ?? null);
            if ($d !== null) {
                $byKey[$d->format('Y-m-d')] = ReportView::num($r, 'TOTAL');
                $rowOf[$d->format('Y-m-d')] = $r;
            }
        }
        $current = $period->date->format('Y-m-d');
        $unit = ReportView::text($item, 'UNIT');
        $blocks[] = self::stats($rowOf[$current] ?? null, $period->date, $unit, $v->t('day_sales'), $v);
        $buckets = [];
        $labels = [];
        foreach ($w->days() as $d) {
            $buckets[$d->format('Y-m-d')] = $d;
            $labels[$d->format('Y-m-d')] = $d->format('d.m');
        }
        return array_merge($blocks, self::chart($byKey, $buckets, $labels, $current, $w, $v->t('last_7_days'), $v));
    }
}
