<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * What the item's daily and monthly sales share: the sold value of a line is its
 * base-currency value (price · SPLU_CURRCOURCE · qty plus the signed discount, each part
 * rounded to 2 dp as the original), i.e. BGN before 2026-01-01 and EUR from then on. A
 * chart spanning the change shows one series converted to the currency of its last period
 * (Currency); the big number stays in its own currency.
 */
abstract class ItemSales extends ItemReport
{
    /**
     * The chart, the average of the other buckets, the euro note and the period caption.
     *
     * @param array<string,float> $byKey bucket key => amount in the base currency of that bucket
     * @param array<string,\DateTimeImmutable> $buckets key => first day, oldest first
     * @param array<string,string> $labels key => label
     * @return list<array<string,mixed>>
     */
    protected static function chart(
        array $byKey,
        array $buckets,
        array $labels,
        string $currentKey,
        Window $w,
        string $title,
        ReportView $v
    ): array {
        $shown = Currency::shownIn($w);
        $values = [];
        $others = [];
        foreach ($buckets as $k => $day) {
            $amount = Currency::convert($byKey[$k] ?? 0.0, Currency::baseOn($day), $shown) ?? 0.0;
            $values[] = $amount;
            if ($k !== $currentKey) {
                $others[] = $amount;
            }
        }
        $avg = $others === [] ? null : array_sum($others) / count($others);
        $title .= ' (' . Currency::sign($shown) . ')';
        $svg = $v->chart->columns($title, array_values($labels), $values, $avg, $v->t('average'));
        $out = [$v->chartBlock($title, $svg)];
        $note = $v->euroNote($w);
        if ($note !== null) {
            $out[] = $v->note($note, 'muted euro-note');
        }
        $out[] = Lists::dates($w, $v);
        return $out;
    }

    /**
     * The big numbers of the current bucket.
     *
     * @param array<string,mixed>|null $row TOTAL, QTY, LINES
     * @return array<string,mixed>
     */
    protected static function stats(
        ?array $row,
        \DateTimeImmutable $day,
        string $unit,
        string $label,
        ReportView $v
    ): array
    {
        $row ??= [];
        return $v->stats([
            [
                'label' => $label,
                'value' => $v->money($row['TOTAL'] ?? 0, Currency::sign(Currency::baseOn($day))),
                'class' => 'total',
            ],
            ['label' => $v->t('qty'), 'value' => trim($v->fmt->qty($row['QTY'] ?? 0) . ' ' . $unit), 'class' => 'qty'],
            ['label' => $v->t('sale_lines'), 'value' => $v->fmt->int($row['LINES'] ?? 0), 'class' => 'lines'],
        ]);
    }
}
