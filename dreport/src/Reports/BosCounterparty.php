<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * BOS sales per counterparty (shop-reports.md A24 BOSSalesCounterpartyTurnover /
 * …MonthlyTurnover): Σ SUP_SUM of the valid BOS sales documents per counterparty
 * (SUP_SUPPLIERBULST, its CUSTOMERS_DATA firm name, '' when unknown) and currency, ordered
 * by name. The name is looked up per BULSTAT in a derived table, so a counterparty listed
 * twice in CUSTOMERS_DATA does not count twice (the original's join would have).
 */
abstract class BosCounterparty extends BosSales
{
    public const SALES = 'CounterpartyTurnover';

    abstract protected function window(Period $period): Window;

    public function queries(ReportParams $p): array
    {
        $w = $this->window(self::period($p));
        return [
            self::SALES => 'select t.BULSTAT as BULSTAT, coalesce(n.CUST_NAME, \'\') as CUST_NAME,'
                . ' t.CURRENCY as CURRENCY, t.CURR_SIGN as CURR_SIGN, t.TOTAL as TOTAL, t.DOCS as DOCS'
                . ' from (select s.SUP_SUPPLIERBULST as BULSTAT, coalesce(c.CURR_ABR, \'\') as CURRENCY,'
                . ' max(c.CURR_SIGN) as CURR_SIGN, sum(s.SUP_SUM) as TOTAL, count(s.SUP_ID) as DOCS'
                . self::documents($w) . ' group by 1, 2) t'
                . ' left join (select CUST_BULSTAT, max(CUST_FIRMNAME) as CUST_NAME from CUSTOMERS_DATA'
                . ' group by CUST_BULSTAT) n on n.CUST_BULSTAT = t.BULSTAT'
                . ' order by 2, 1, 3',
        ];
    }

    public function present(array $answer, ReportParams $p, ReportView $v): array
    {
        $w = $this->window(self::period($p));
        $rows = Task::rows($answer, self::SALES);
        return Lists::byCurrency(
            $rows,
            $v,
            $v->t('counterparties'),
            static fn (array $r): string => ReportView::text($r, 'CUST_NAME')
                ?: (ReportView::text($r, 'BULSTAT') ?: '-'),
            ['counterparty', '#docs', '#amount'],
            static fn (array $r): array => [$v->fmt->int($r['DOCS'] ?? 0)],
            'DOCS',
            'counterparties',
            $w
        );
    }
}
