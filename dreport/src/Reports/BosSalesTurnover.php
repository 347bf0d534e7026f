<?php

declare(strict_types=1);

namespace Dreport\Reports;

use Dreport\Viewer\Format;

/**
 * A24 BOSSalesTurnover ("BOS sales – daily turnover", D1): the date's wholesale turnover per
 * currency, per document type, and the last 7 business days as a chart (one comparable
 * series across the euro changeover).
 */
final class BosSalesTurnover extends BosSales
{
    public const DAILY = 'BosDaily';
    public const DOC_TYPES = 'BosDocTypes';

    public function name(): string
    {
        return 'bossalesturnover';
    }

    public function pages(): array
    {
        return ['BOSSalesTurnover.php'];
    }

    public function queries(ReportParams $p): array
    {
        $period = self::period($p);
        $w = $period->lastDays(7);
        return [
            self::DAILY => 'select ' . Sql::businessDay('s.SUP_DATETIME', $w->offset) . ' as SELL_DATE,'
                . " coalesce(c.CURR_ABR, '') as CURRENCY, max(c.CURR_SIGN) as CURR_SIGN,"
                . ' sum(s.SUP_SUM) as TOTAL, count(s.SUP_ID) as DOCS'
                . self::documents($w) . ' group by 1, 2 order by 1, 2',
            self::DOC_TYPES => self::docTypes($period->day()),
        ];
    }

    public function present(array $answer, ReportParams $p, ReportView $v): array
    {
        $period = self::period($p);
        $w = $period->lastDays(7);
        $daily = Task::rows($answer, self::DAILY);
        $key = static fn (array $r): ?string => Format::parseClientDate($r['SELL_DATE'] ?? null)?->format('Y-m-d');
        $date = $period->date->format('Y-m-d');
        $stats = [];
        foreach ($daily as $r) {
            if ($key($r) === $date) {
                $stats[] = [
                    'label' => $v->t('total') . ' ' . ReportView::text($r, 'CURRENCY'),
                    'value' => $v->money($r['TOTAL'] ?? 0, Lists::sign($r)),
                    'class' => Lists::totalClass(ReportView::text($r, 'CURRENCY')),
                ];
            }
        }
        $blocks = [$stats === [] ? Lists::zeroTotal($period->day(), $v, $v->t('total')) : $v->stats($stats)];
        $blocks = array_merge($blocks, self::docTypeBlocks(Task::rows($answer, self::DOC_TYPES), $v));
        $shown = Currency::shownIn($w);
        $series = self::series($daily, $key, static fn (string $d) => new \DateTimeImmutable($d), $shown);
        $labels = [];
        $values = [];
        foreach ($w->days() as $d) {
            $labels[] = $d->format('d.m');
            $values[] = $series[$d->format('Y-m-d')] ?? 0.0;
        }
        $title = $v->t('last_7_days') . ' (' . Currency::sign($shown) . ')';
        $blocks[] = $v->chartBlock($title, $v->chart->columns($title, $labels, $values));
        $note = $v->euroNote($w);
        if ($note !== null) {
            $blocks[] = $v->note($note, 'muted euro-note');
        }
        $blocks[] = Lists::dates($w, $v);
        return $blocks;
    }
}
