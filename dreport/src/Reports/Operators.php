<?php

declare(strict_types=1);

namespace Dreport\Reports;

use DateTimeImmutable;

/** Sales (base currency) per operator for a day or a month. */
final class Operators implements Report
{
    public const SALES = 'OperatorSales';

    public function name(): string
    {
        return 'operators';
    }

    public function titleKey(): string
    {
        return 'r_operators';
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
            self::SALES => 'select b.SELL_OPERATOR as OPERATOR_ID, max(o.OPERATOR_FULLNAME) as OPERATOR_NAME,'
                . ' sum(b.SELL_SUM) as TOTAL, count(b.SELL_ID) as RECEIPTS'
                . ' from SALES_BON b join N_CURRENCY c on c.CURR_ID = b.SELL_CURRTYPE'
                . ' left join N_OPERATORS o on o.OPERATOR_ID = b.SELL_OPERATOR'
                . ' where b.SELL_REVOKED_ = 0 and c.CURR_ISBASE_ = 1 and ' . Sql::between('b.SELL_DATETIME', $period)
                . ' group by b.SELL_OPERATOR order by 3 desc',
        ];
    }

    public function present(array $answer, ReportParams $p, ReportView $v): array
    {
        $rows = Task::rows($answer, self::SALES);
        $blocks = [$v->scopeTabs($p)];
        if ($rows === []) {
            $blocks[] = $v->note($v->t('no_data'), 'empty');
            return $blocks;
        }
        $labels = [];
        $values = [];
        $table = [];
        $sum = 0.0;
        $receipts = 0.0;
        foreach ($rows as $r) {
            $name = ReportView::text($r, 'OPERATOR_NAME') ?: '#' . ReportView::text($r, 'OPERATOR_ID');
            $labels[] = $name;
            $values[] = ReportView::num($r, 'TOTAL');
            $sum += ReportView::num($r, 'TOTAL');
            $receipts += ReportView::num($r, 'RECEIPTS');
            $table[] = [$name, $v->fmt->int($r['RECEIPTS'] ?? 0), $v->fmt->money($r['TOTAL'] ?? 0)];
        }
        $title = $v->t('r_operators');
        $blocks[] = $v->chartBlock($title, $v->chart->bars($title, $labels, $values));
        $foot = [$v->t('total'), $v->fmt->int($receipts), $v->fmt->money($sum)];
        $blocks[] = $v->table('', $v->cols('operator', '#receipts', '#amount'), $table, $foot, 'operators');
        return $blocks;
    }
}
