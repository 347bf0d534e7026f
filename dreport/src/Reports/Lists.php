<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * Presentation shared by the "amount per name" reports (operators, print groups,
 * counterparties): a total per currency, a bar chart and a table whose rows keep their
 * own currency. Rows carry TOTAL, CURRENCY (ISO code) and CURR_SIGN.
 */
final class Lists
{
    /**
     * The chart is one comparable series (the euro rule): a name's BGN and EUR amounts are
     * added in the currency of the period shown (BGN at 1.95583 per EUR; shops took both
     * around the changeover), other currencies keep bars of their own; the table and the
     * totals keep each row's original currency. The blocks start with the window's dates;
     * with no rows a zero total and "no data" follow instead of the chart and the table.
     *
     * @param list<array<string,mixed>> $rows
     * @param callable(array<string,mixed>):string $label the row's name
     * @param list<string> $cols column keys for ReportView::cols(): name, middle…, amount
     * @param callable(array<string,mixed>):list<mixed> $middle cells between name and amount
     * @param string|null $countKey a column summed in the footer under the first middle column
     * @return list<array<string,mixed>>
     */
    public static function byCurrency(
        array $rows,
        ReportView $v,
        string $title,
        callable $label,
        array $cols,
        callable $middle,
        ?string $countKey,
        string $class,
        Window $w
    ): array {
        if ($rows === []) {
            return array_merge([self::dates($w, $v)], self::nothing($w, $v));
        }
        $signs = [];
        foreach ($rows as $r) {
            $signs[self::sign($r)] = true;
        }
        $multi = count($signs) > 1;
        $shown = Currency::shownIn($w);
        $bars = [];
        $converted = false;
        $table = [];
        $totals = [];
        $codes = [];
        foreach ($rows as $r) {
            $name = $label($r);
            $sign = self::sign($r);
            $amount = ReportView::num($r, 'TOTAL');
            $code = Currency::code(ReportView::text($r, 'CURRENCY'), $sign);
            $inShown = $code === '' ? null : Currency::convert($amount, $code, $shown);
            if ($inShown !== null) {
                $converted = $converted || $code !== $shown;
                $bars[$name] = ($bars[$name] ?? 0.0) + $inShown;
            } else {
                $key = $multi && $sign !== '' ? $name . ' (' . $sign . ')' : $name;
                $bars[$key] = ($bars[$key] ?? 0.0) + $amount;
            }
            $totals[$sign] ??= ['sum' => 0.0, 'count' => 0.0];
            $codes[$sign] = ReportView::text($r, 'CURRENCY');
            $totals[$sign]['sum'] += $amount;
            $totals[$sign]['count'] += $countKey === null ? 0.0 : ReportView::num($r, $countKey);
            $table[] = array_merge([$name], $middle($r), [$v->money($amount, $sign)]);
        }
        $stats = [];
        foreach ($totals as $sign => $t) {
            $stats[] = [
                'label' => $v->t('total'),
                'value' => $v->money($t['sum'], (string) $sign),
                'class' => self::totalClass($codes[$sign] ?? ''),
            ];
        }
        $foot = null;
        if (!$multi) {
            $t = reset($totals);
            $mid = array_fill(0, count($cols) - 2, '');
            if ($countKey !== null && $mid !== []) {
                $mid[0] = $v->fmt->int($t['count']);
            }
            $foot = array_merge([$v->t('total')], $mid, [$v->money($t['sum'], (string) array_key_first($totals))]);
        }
        arsort($bars);
        $chartTitle = $converted ? $title . ' (' . Currency::sign($shown) . ')' : $title;
        $out = [
            $v->stats($stats),
            $v->chartBlock(
                $chartTitle,
                $v->chart->bars($chartTitle, array_map('strval', array_keys($bars)), array_values($bars))
            ),
        ];
        if ($converted) {
            $out[] = $v->note(
                $v->t('chart_converted', Currency::sign($shown), $v->fmt->number(Currency::RATE, 5)),
                'muted euro-note'
            );
        }
        $out[] = $v->table('', $v->cols(...$cols), $table, $foot, $class);
        return array_merge([self::dates($w, $v)], $out);
    }

    /** The note naming the business days a report covers. @return array<string,mixed> */
    public static function dates(Window $w, ReportView $v): array
    {
        return $v->note($v->t('dates', $w->label()), 'muted window');
    }

    /** What a window the shop found nothing in shows: a zero total and "no data". @return list<array<string,mixed>> */
    public static function nothing(Window $w, ReportView $v): array
    {
        return [self::zeroTotal($w, $v), $v->note($v->t('no_data'), 'empty')];
    }

    /**
     * The stats block of a window without rows: 0 in the base currency of its last day.
     *
     * @return array<string,mixed>
     */
    public static function zeroTotal(Window $w, ReportView $v, string $label = ''): array
    {
        $code = Currency::shownIn($w);
        return $v->stats([[
            'label' => $label !== '' ? $label : $v->t('total'),
            'value' => $v->money(0, Currency::sign($code)),
            'class' => self::totalClass($code),
        ]]);
    }

    /** `total total-EUR`: the stat box of one currency's total (tests and styles find it). */
    public static function totalClass(string $currency): string
    {
        $code = (string) preg_replace('/[^A-Za-z]/', '', $currency);
        return $code === '' ? 'total' : 'total total-' . strtoupper($code);
    }

    /** The row's currency sign, else its ISO code. */
    public static function sign(array $row): string
    {
        return ReportView::text($row, 'CURR_SIGN') ?: ReportView::text($row, 'CURRENCY');
    }
}
