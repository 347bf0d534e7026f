<?php

declare(strict_types=1);

namespace Dreport\Reports;

use DateTimeImmutable;
use Dreport\Viewer\Format;

/** Item lines voided (revoked) on bills during a day: when, what, how much, by whom. */
final class Voided implements Report
{
    public const ITEMS = 'VoidedItems';

    public function name(): string
    {
        return 'voided';
    }

    public function titleKey(): string
    {
        return 'r_voided';
    }

    public function params(array $query, DateTimeImmutable $today): ReportParams
    {
        return new ReportParams(Period::fromQuery(Period::DAY, $query, $today));
    }

    public function queries(ReportParams $p): array
    {
        $day = $p->period ?? throw new \LogicException('period required');
        return [
            self::ITEMS => 'select l.BP_MARKDATETIME as BP_MARKDATETIME, l.BP_SHORTNAME as BP_SHORTNAME,'
                . ' l.BP_QUANTITY as BP_QUANTITY, l.BP_SELLPRICE as BP_SELLPRICE, l.BP_OPERNAME as BP_OPERNAME'
                . " from POSBILLS_PLU l where l.BP_TYPE = 'P' and l.BP_REVOKED_ = 1 and "
                . Sql::between('l.BP_MARKDATETIME', $day)
                . ' order by l.BP_MARKDATETIME desc',
        ];
    }

    public function present(array $answer, ReportParams $p, ReportView $v): array
    {
        $rows = Task::rows($answer, self::ITEMS);
        $sum = 0.0;
        $table = [];
        foreach ($rows as $r) {
            $value = ReportView::num($r, 'BP_QUANTITY') * ReportView::num($r, 'BP_SELLPRICE');
            $sum += $value;
            $table[] = [
                Format::clientTime($r['BP_MARKDATETIME'] ?? ''),
                // The operator under the item keeps the table within a phone's width.
                ['text' => ReportView::text($r, 'BP_SHORTNAME'), 'sub' => ReportView::text($r, 'BP_OPERNAME')],
                $v->fmt->qty($r['BP_QUANTITY'] ?? 0),
                $v->fmt->money($value),
            ];
        }
        $blocks = [$v->stats([
            ['label' => $v->t('voided_count'), 'value' => $v->fmt->int(count($rows)), 'class' => 'voided-count'],
            ['label' => $v->t('voided_value'), 'value' => $v->fmt->money($sum)],
        ])];
        if ($rows === []) {
            $blocks[] = $v->note($v->t('no_data'), 'empty');
            return $blocks;
        }
        $blocks[] = $v->table('', $v->cols('time', 'item', '#qty', '#amount'), $table, null, 'voided');
        return $blocks;
    }
}
