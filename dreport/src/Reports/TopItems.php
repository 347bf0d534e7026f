<?php

declare(strict_types=1);

namespace Dreport\Reports;

use DateTimeImmutable;

/** Top 10 items by value of a day or a month. */
final class TopItems implements Report
{
    public const ITEMS = 'TopItems';

    public function name(): string
    {
        return 'topitems';
    }

    public function titleKey(): string
    {
        return 'r_topitems';
    }

    public function params(array $query, DateTimeImmutable $today): ReportParams
    {
        $scope = ReportParams::scope($query['p'] ?? null);
        return new ReportParams(Period::fromQuery($scope, $query, $today), $scope);
    }

    public function queries(ReportParams $p): array
    {
        $period = $p->period ?? throw new \LogicException('period required');
        return [
            self::ITEMS => 'select first 10 s.SPLU_PLUNUMB as PLU_NUMB, max(s.SPLU_NAME) as NAME,'
                . ' sum(s.SPLU_SOLDQUANT) as QTY, sum(' . Fragments::ITEM_VALUE . ') as TOTAL'
                . ' from SALES_PLUES s'
                . ' where s.SPLU_REVOKED_ = 0 and ' . Sql::between('s.SPLU_DATETIME', $period)
                . ' group by s.SPLU_PLUNUMB order by 4 desc',
        ];
    }

    public function present(array $answer, ReportParams $p, ReportView $v): array
    {
        $rows = Task::rows($answer, self::ITEMS);
        $blocks = [$v->scopeTabs($p)];
        if ($rows === []) {
            $blocks[] = $v->note($v->t('no_data'), 'empty');
            return $blocks;
        }
        $labels = [];
        $values = [];
        $table = [];
        $sum = 0.0;
        foreach ($rows as $i => $r) {
            $labels[] = ReportView::text($r, 'NAME');
            $values[] = ReportView::num($r, 'TOTAL');
            $sum += ReportView::num($r, 'TOTAL');
            $table[] = [
                (string) ($i + 1),
                ReportView::text($r, 'PLU_NUMB'),
                ReportView::text($r, 'NAME'),
                $v->fmt->qty($r['QTY'] ?? 0),
                $v->fmt->money($r['TOTAL'] ?? 0),
            ];
        }
        $title = $v->t('r_topitems');
        $blocks[] = $v->chartBlock($title, $v->chart->bars($title, $labels, $values));
        $foot = ['', '', $v->t('total'), '', $v->fmt->money($sum)];
        $blocks[] = $v->table('', $v->cols('#', 'code', 'item', '#qty', '#amount'), $table, $foot, 'items');
        return $blocks;
    }
}
