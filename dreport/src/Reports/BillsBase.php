<?php

declare(strict_types=1);

namespace Dreport\Reports;

use Dreport\Viewer\Format;
use Dreport\Viewer\Subscription;

/**
 * A11/A12 bills with their item lines, one task (headers + lines): bill rows (number,
 * time, operator, amount + sign) that expand to their lines (name, qty + unit, unit price
 * after discount, total), then the count and the amount per currency.
 * Voided lines are listed (marked "voided") but not counted in the lines' totals.
 */
abstract class BillsBase extends BaseReport
{
    public const HEADERS = 'OpenBillsH';
    public const LINES = 'OpenBillsP';

    public function expiry(): string
    {
        return Subscription::E_BLOCK;
    }

    /** SQL condition on the header `h` that selects the bills. */
    abstract protected function bills(ReportParams $p): string;

    /** Header column with the bill's time (start for open bills, end for closed ones). */
    abstract protected function timeColumn(): string;

    /** I18n keys of the count and amount labels. @return array{0:string,1:string} */
    abstract protected function footKeys(): array;

    public function queries(ReportParams $p): array
    {
        $where = $this->bills($p);
        $time = Sql::column('h.' . $this->timeColumn());
        return [
            self::HEADERS => 'select h.BH_ID as BH_ID, h.BH_BILLNUMB as BH_BILLNUMB, ' . $time . ' as BH_TIME,'
                . ' h.BH_SUM as BH_SUM, c.CURR_SIGN as CURR_SIGN, h.BH_OPENTERMINAL as BH_OPENTERMINAL,'
                . ' h.BH_OPERNUMB as BH_OPERNUMB, h.BH_OPERNAME as BH_OPERNAME'
                . ' from POSBILLS_HEADER h join N_CURRENCY c on c.CURR_ID = h.BH_CURRENCYID'
                . ' where ' . $where . ' and h.BH_PLUCOUNT > 0'
                . ' order by ' . $time . ', h.BH_ID',
            self::LINES => 'select l.BP_HDRID as BP_HDRID, l.BP_NUMB as BP_NUMB, l.BP_SHORTNAME as BP_SHORTNAME,'
                . ' l.BP_QUANTITY as BP_QUANTITY, l.BP_MSRUNITNAME as BP_MSRUNITNAME,'
                . ' (l.BP_SELLPRICE + l.BP_SELLPRICE * coalesce(l.BP_DISCOUNT, 0) / 100) as BP_UNITPRICE,'
                . ' ' . Fragments::BILL_LINE_TOTAL . ' as BP_AMOUNT, c.CURR_SIGN as CURR_SIGN,'
                . ' l.BP_REVOKED_ as BP_REVOKED'
                . ' from POSBILLS_PLU l join POSBILLS_HEADER h on h.BH_ID = l.BP_HDRID'
                . ' join N_CURRENCY c on c.CURR_ID = l.BP_SELLCURRID'
                . ' where ' . $where . " and upper(l.BP_TYPE) = 'P'"
                . ' order by ' . $time . ', h.BH_ID, l.BP_MARKDATETIME, l.BP_NUMB',
        ];
    }

    public function present(array $answer, ReportParams $p, ReportView $v): array
    {
        $bills = Task::rows($answer, self::HEADERS);
        $lines = [];
        foreach (Task::rows($answer, self::LINES) as $l) {
            $lines[ReportView::text($l, 'BP_HDRID')][] = $l;
        }
        $blocks = [];
        if ($p->period !== null) {
            $blocks[] = $v->note($v->t('date_is', $p->period->day()->label()), 'muted period-window');
        }
        [$countKey, $sumKey] = $this->footKeys();
        $totals = Fragments::perCurrency($bills, 'BH_SUM');
        $stats = [['label' => $v->t($countKey), 'value' => $v->fmt->int(count($bills)), 'class' => 'bill-count']];
        foreach ($totals === [] ? ['' => 0.0] : $totals as $sign => $sum) {
            $stats[] = ['label' => $v->t($sumKey), 'value' => $v->money($sum, (string) $sign), 'class' => 'bill-amount'];
        }
        $blocks[] = $v->stats($stats);
        if ($bills === []) {
            $blocks[] = $v->note($v->t($p->period === null ? 'no_open_bills' : 'no_data'), 'empty');
            return $blocks;
        }
        $items = [];
        $cols = $v->cols('item', '#qty', '#price', '#amount');
        foreach ($bills as $b) {
            $rows = [];
            foreach ($lines[ReportView::text($b, 'BH_ID')] ?? [] as $l) {
                $voided = (int) ReportView::num($l, 'BP_REVOKED') === 1;
                $rows[] = [
                    ['text' => ReportView::text($l, 'BP_SHORTNAME'), 'sub' => $voided ? $v->t('voided') : ''],
                    trim($v->fmt->qty($l['BP_QUANTITY'] ?? 0) . ' ' . ReportView::text($l, 'BP_MSRUNITNAME')),
                    $v->fmt->money($l['BP_UNITPRICE'] ?? 0),
                    $v->fmt->money($l['BP_AMOUNT'] ?? 0),
                ];
            }
            $terminal = ReportView::text($b, 'BH_OPENTERMINAL');
            $items[] = [
                'summary' => '№ ' . ReportView::text($b, 'BH_BILLNUMB'),
                'value' => $v->money(ReportView::num($b, 'BH_SUM'), ReportView::text($b, 'CURR_SIGN')),
                'meta' => implode(' · ', array_filter([
                    Format::clientDateTime($b['BH_TIME'] ?? ''),
                    ReportView::text($b, 'BH_OPERNAME'),
                    $terminal !== '' ? $v->t('terminal') . ' ' . $terminal : '',
                ], static fn (string $s): bool => $s !== '')),
                'table' => $v->table('', $cols, $rows, null, 'bill-lines'),
            ];
        }
        $blocks[] = ['type' => 'details', 'items' => $items];
        return $blocks;
    }
}
