<?php

declare(strict_types=1);

namespace Dreport\Reports;

use Dreport\Viewer\Format;
use Dreport\Viewer\Subscription;

/**
 * A13 "Voided items" (voidplues.php; E-block, D7), in two sections, each grouped by
 * operator (name, voided lines, Σ price·qty) and expandable to the lines:
 * - open bills: voided item lines of the bills open now (with the operator who voided);
 * - closed receipts: voided lines (SPLU_REVOKED_ = 1) of valid receipts in the 7 business
 *   days up to the date (the original's window reached one day into the future).
 */
final class VoidPlues extends BaseReport
{
    public const OPEN = 'VoidPluesOpen';
    public const CLOSED = 'VoidPluesClosed';

    public function name(): string
    {
        return 'voidplues';
    }

    public function pages(): array
    {
        return ['voidplues.php'];
    }

    public function expiry(): string
    {
        return Subscription::E_BLOCK;
    }

    public function nav(): string
    {
        return Period::D7;
    }

    public function queries(ReportParams $p): array
    {
        $w = self::period($p)->lastDays(7);
        return [
            self::OPEN => 'select l.BP_OPERNUMB as OPER_ID, l.BP_OPERNAME as OPER_NAME, l.BP_MARKDATETIME as VOID_TIME,'
                . ' h.BH_BILLNUMB as BILL_NO, l.BP_NUMB as PLU_NUMB, l.BP_SHORTNAME as PLU_NAME,'
                . ' l.BP_QUANTITY as QTY, l.BP_MSRUNITNAME as UNIT, l.BP_SELLPRICE as PRICE,'
                . ' c.CURR_SIGN as CURR'
                . ' from POSBILLS_PLU l join POSBILLS_HEADER h on h.BH_ID = l.BP_HDRID'
                . ' left join N_CURRENCY c on c.CURR_ID = l.BP_SELLCURRID'
                . ' where ' . Fragments::OPEN_BILL . " and upper(l.BP_TYPE) = 'P' and l.BP_REVOKED_ = 1"
                . ' order by 1, 2, 3',
            self::CLOSED => 'select o.OPERATOR_ID as OPER_ID, o.OPERATOR_FULLNAME as OPER_NAME,'
                . ' s.SPLU_DATETIME as VOID_TIME, s.SPLU_BONNUMB as BILL_NO, s.SPLU_PLUNUMB as PLU_NUMB,'
                . ' s.SPLU_NAME as PLU_NAME, s.SPLU_SOLDQUANT as QTY, mu.PRIMARYMUNIT_NAME as UNIT,'
                . ' s.SPLU_SELLPRICE as PRICE, sc.CURR_SIGN as CURR'
                . ' from SALES_PLUES s'
                . ' join SALES_BON b on b.SELL_ID = s.SPLU_SELL_ID'
                . ' left join N_OPERATORS o on o.OPERATOR_ID = b.SELL_OPERATOR'
                . ' left join PLUES p on p.PLU_NUMB = s.SPLU_PLUNUMB'
                . ' left join N_PRIMARY_MEASUREUNITS mu on mu.PRIMARYMUNIT_ID = p.PLU_MEASUREUNIT_ID'
                . ' left join N_CURRENCY sc on sc.CURR_ID = s.SPLU_SELLCURRENCY'
                . ' where s.SPLU_REVOKED_ = 1 and b.SELL_REVOKED_ = 0 and ' . Sql::window('s.SPLU_DATETIME', $w)
                . ' order by 1, 2, 3',
        ];
    }

    public function present(array $answer, ReportParams $p, ReportView $v): array
    {
        $w = self::period($p)->lastDays(7);
        $now = new \DateTimeImmutable('now', new \DateTimeZone(BusinessDay::SHOP_TIMEZONE));
        return array_merge(
            $this->section($v, Task::rows($answer, self::OPEN), $v->t('void_open'), $v->t('to_date', $now->format('d.m.Y H:i')), 'void-open'),
            $this->section($v, Task::rows($answer, self::CLOSED), $v->t('void_closed'), $v->t('dates_are', $w->label()), 'void-closed')
        );
    }

    /**
     * @param list<array<string,mixed>> $rows
     * @return list<array<string,mixed>>
     */
    private function section(ReportView $v, array $rows, string $title, string $sub, string $class): array
    {
        $blocks = [['type' => 'heading', 'text' => $title, 'class' => $class], $v->note($sub, 'muted')];
        $byOp = [];
        $count = 0;
        $totals = [];
        foreach ($rows as $r) {
            $byOp[ReportView::text($r, 'OPER_ID')][] = $r;
            $count++;
            $cur = ReportView::text($r, 'CURR');
            $totals[$cur] = ($totals[$cur] ?? 0.0) + ReportView::num($r, 'QTY') * ReportView::num($r, 'PRICE');
        }
        $stats = [['label' => $v->t('voided_count'), 'value' => $v->fmt->int($count), 'class' => $class . '-count']];
        foreach ($totals === [] ? ['' => 0.0] : $totals as $cur => $sum) {
            $stats[] = ['label' => $v->t('voided_value'), 'value' => $v->money($sum, (string) $cur), 'class' => $class . '-total'];
        }
        $blocks[] = $v->stats($stats);
        if ($rows === []) {
            $blocks[] = $v->note($v->t('no_data'), 'empty');
            return $blocks;
        }
        $items = [];
        $cols = $v->cols('bill', 'item', '#qty', '#amount');
        foreach ($byOp as $opRows) {
            $sum = 0.0;
            $table = [];
            foreach ($opRows as $r) {
                $value = ReportView::num($r, 'QTY') * ReportView::num($r, 'PRICE');
                $sum += $value;
                $table[] = [
                    ['text' => ReportView::text($r, 'BILL_NO'), 'sub' => Format::clientDateTime($r['VOID_TIME'] ?? '')],
                    ['text' => ReportView::text($r, 'PLU_NAME'), 'sub' => $v->fmt->money($r['PRICE'] ?? 0) . ' ' . ReportView::text($r, 'CURR')],
                    trim($v->fmt->qty($r['QTY'] ?? 0) . ' ' . ReportView::text($r, 'UNIT')),
                    $v->fmt->money($value),
                ];
            }
            $first = $opRows[0];
            $items[] = [
                'summary' => ReportView::text($first, 'OPER_NAME') ?: '#' . ReportView::text($first, 'OPER_ID'),
                'value' => $v->fmt->money($sum),
                'meta' => $v->t('voided_count') . ': ' . $v->fmt->int(count($opRows)),
                'table' => $v->table('', $cols, $table, null, 'void-lines'),
            ];
        }
        $blocks[] = ['type' => 'details', 'items' => $items, 'class' => $class];
        return $blocks;
    }
}
