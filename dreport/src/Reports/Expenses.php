<?php

declare(strict_types=1);

namespace Dreport\Reports;

use Dreport\Viewer\Subscription;

/**
 * Expenses from delivery documents (shop-reports.md A23 monthlyexpenses /
 * monthlyStockExpenses): the lines of valid deliveries (SUPPLIES.SUP_TYPE = 1, neither the
 * document nor the line revoked) of the month up to the date, per item: Σ quantity,
 * average buy price, Σ quantity · buy price; each item expands to its delivery lines.
 *
 * Which items count is the object's consumables product group (t_devices.d_expensegroup,
 * default 84, set in the object's settings): consumables = items of that group, goods =
 * every other item. The original hard-coded 84.
 *
 * Differences from the original, on purpose: whole business days with the object's offset
 * (the original's `BETWEEN 'first' AND 'date+1'` had no offset and also took 00:00:00 of
 * the next day); amounts carry the document's currency (the original always printed "лв.").
 */
abstract class Expenses extends BaseReport
{
    public const HEADER = 'ExpensesHeader';
    public const DETAILS = 'ExpensesDetails';
    public const DEFAULT_GROUP = 84;

    /** True: the consumables group's items; false: every other item. */
    abstract protected function consumables(): bool;

    public function expiry(): string
    {
        return Subscription::E_BLOCK;
    }

    public function nav(): string
    {
        return Period::M;
    }

    public function params(ReportRequest $rq): ReportParams
    {
        return parent::params($rq)->with(['group' => self::group($rq->settings['expense_group'] ?? null)]);
    }

    /** The configured product group, else 84. */
    public static function group(mixed $v): int
    {
        return is_int($v) && $v >= 0 && $v <= 999_999_999 ? $v : self::DEFAULT_GROUP;
    }

    public function queries(ReportParams $p): array
    {
        $w = self::period($p)->monthToDate();
        $group = self::group($p->get('group'));
        $from = ' from SUPPLIES_PLU sp'
            . ' join SUPPLIES s on s.SUP_ID = sp.SUPP_DOCID'
            . ' join PLUES p on p.PLU_NUMB = sp.SUPP_PLUNUMB'
            . ' left join N_CURRENCY c on c.CURR_ID = s.SUP_CURRENCY'
            . ' where s.SUP_TYPE = 1 and s.SUP_REVOKED_ = 0 and sp.SUPP_REVOKED_ = 0'
            . ' and p.PLU_GROUP_ID ' . ($this->consumables() ? '=' : '<>') . ' ' . Sql::int($group)
            . ' and ' . Sql::window('sp.SUPP_DATETIME', $w);
        return [
            self::HEADER => 'select sp.SUPP_PLUNUMB as PLU_NUMB, sp.SUPP_PLUNAME as PLU_NAME,'
                . " coalesce(c.CURR_SIGN, '') as CURR_SIGN, coalesce(c.CURR_ABR, '') as CURRENCY,"
                . ' sum(sp.SUPP_SUPQUANT) as QTY, avg(sp.SUPP_BUYPRICE) as PRICE,'
                . ' sum(sp.SUPP_SUPQUANT * sp.SUPP_BUYPRICE) as TOTAL'
                . $from . ' group by 1, 2, 3, 4 order by 2, 1',
            self::DETAILS => 'select sp.SUPP_PLUNUMB as PLU_NUMB, sp.SUPP_PLUNAME as PLU_NAME,'
                . " coalesce(c.CURR_SIGN, '') as CURR_SIGN, sp.SUPP_DATETIME as SUPP_DATETIME,"
                . ' sp.SUPP_SUPQUANT as QTY, sp.SUPP_BUYPRICE as PRICE,'
                . ' sp.SUPP_SUPQUANT * sp.SUPP_BUYPRICE as TOTAL'
                . $from . ' order by 2, 1, 4',
        ];
    }

    public function present(array $answer, ReportParams $p, ReportView $v): array
    {
        $w = self::period($p)->monthToDate();
        $head = Task::rows($answer, self::HEADER);
        $lines = [];
        foreach (Task::rows($answer, self::DETAILS) as $r) {
            $lines[ReportView::text($r, 'PLU_NUMB') . '|' . ReportView::text($r, 'CURR_SIGN')][] = $r;
        }
        $blocks = [Lists::dates($w, $v)];
        if ($head === []) {
            return array_merge($blocks, Lists::nothing($w, $v));
        }
        $totals = [];
        $codes = [];
        $items = [];
        foreach ($head as $r) {
            $sign = ReportView::text($r, 'CURR_SIGN');
            $totals[$sign] = ($totals[$sign] ?? 0.0) + ReportView::num($r, 'TOTAL');
            $codes[$sign] = ReportView::text($r, 'CURRENCY');
            $rows = [];
            foreach ($lines[ReportView::text($r, 'PLU_NUMB') . '|' . $sign] ?? [] as $l) {
                $rows[] = [
                    ReportView::text($l, 'SUPP_DATETIME'),
                    $v->fmt->qty($l['QTY'] ?? 0),
                    $v->fmt->number(ReportView::num($l, 'PRICE'), 2),
                    $v->money($l['TOTAL'] ?? 0, $sign),
                ];
            }
            $items[] = [
                'summary' => ReportView::text($r, 'PLU_NAME') ?: '#' . ReportView::text($r, 'PLU_NUMB'),
                'value' => $v->money($r['TOTAL'] ?? 0, $sign),
                'meta' => $v->t('qty') . ': ' . $v->fmt->qty($r['QTY'] ?? 0) . ' · ' . $v->t('avg_price') . ': '
                    . $v->fmt->number(ReportView::num($r, 'PRICE'), 2),
                'table' => $v->table('', $v->cols('time', '#qty', '#price', '#amount'), $rows, null, 'expense-lines'),
            ];
        }
        $stats = [];
        foreach ($totals as $sign => $sum) {
            $stats[] = [
                'label' => $v->t('total'),
                'value' => $v->money($sum, (string) $sign),
                'class' => Lists::totalClass($codes[$sign] ?? ''),
            ];
        }
        $stats[] = ['label' => $v->t('items'), 'value' => $v->fmt->int(count($head)), 'class' => 'count'];
        $blocks[] = $v->stats($stats);
        $blocks[] = ['type' => 'details', 'items' => $items];
        return $blocks;
    }
}
