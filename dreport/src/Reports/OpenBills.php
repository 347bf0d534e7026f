<?php

declare(strict_types=1);

namespace Dreport\Reports;

use DateTimeImmutable;
use Dreport\Viewer\Format;

/**
 * The bills open right now (restaurants: tables not paid yet) with their item lines,
 * fetched in one task so the page needs a single round trip to the shop.
 */
final class OpenBills implements Report
{
    public const BILLS = 'OpenBills';
    public const LINES = 'OpenBillLines';

    public function name(): string
    {
        return 'openbills';
    }

    public function titleKey(): string
    {
        return 'r_openbills';
    }

    public function params(array $query, DateTimeImmutable $today): ReportParams
    {
        return new ReportParams(null);
    }

    public function queries(ReportParams $p): array
    {
        return [
            self::BILLS => 'select h.BH_ID as BH_ID, h.BH_BILLNUMB as BH_BILLNUMB,'
                . ' h.BH_STARTDATETIME as BH_STARTDATETIME,'
                . ' h.BH_SUM as BH_SUM, h.BH_OPERNAME as BH_OPERNAME, h.BH_OPENTERMINAL as BH_OPENTERMINAL,'
                . ' h.BH_PLUCOUNT as BH_PLUCOUNT'
                . ' from POSBILLS_HEADER h where ' . Fragments::OPEN_BILL
                . ' order by h.BH_STARTDATETIME',
            self::LINES => 'select l.BP_HDRID as BP_HDRID, l.BP_SHORTNAME as BP_SHORTNAME,'
                . ' l.BP_QUANTITY as BP_QUANTITY,'
                . ' l.BP_MSRUNITNAME as BP_MSRUNITNAME, l.BP_SELLPRICE as BP_SELLPRICE, l.BP_DISCOUNT as BP_DISCOUNT'
                . ' from POSBILLS_PLU l join POSBILLS_HEADER h on h.BH_ID = l.BP_HDRID'
                . ' where ' . Fragments::OPEN_BILL . " and l.BP_TYPE = 'P' and l.BP_REVOKED_ = 0"
                . ' order by l.BP_HDRID, l.BP_NUMB',
        ];
    }

    public function present(array $answer, ReportParams $p, ReportView $v): array
    {
        $bills = Task::rows($answer, self::BILLS);
        $lines = [];
        foreach (Task::rows($answer, self::LINES) as $l) {
            $lines[ReportView::text($l, 'BP_HDRID')][] = $l;
        }
        $sum = 0.0;
        foreach ($bills as $b) {
            $sum += ReportView::num($b, 'BH_SUM');
        }
        $blocks = [$v->stats([
            ['label' => $v->t('open_bills_count'), 'value' => $v->fmt->int(count($bills)), 'class' => 'bill-count'],
            ['label' => $v->t('total'), 'value' => $v->fmt->money($sum)],
        ])];
        if ($bills === []) {
            $blocks[] = $v->note($v->t('no_open_bills'), 'empty');
            return $blocks;
        }
        $items = [];
        $cols = $v->cols('item', '#qty', '#price', '#amount');
        foreach ($bills as $b) {
            $terminal = ReportView::text($b, 'BH_OPENTERMINAL');
            $rows = [];
            foreach ($lines[ReportView::text($b, 'BH_ID')] ?? [] as $l) {
                $qty = ReportView::num($l, 'BP_QUANTITY');
                $price = ReportView::num($l, 'BP_SELLPRICE');
                $disc = ReportView::num($l, 'BP_DISCOUNT');
                $rows[] = [
                    [
                        'text' => ReportView::text($l, 'BP_SHORTNAME'),
                        'sub' => $disc != 0.0 ? $v->t('discount') . ' ' . $v->fmt->qty($disc) : '',
                    ],
                    trim($v->fmt->qty($qty) . ' ' . ReportView::text($l, 'BP_MSRUNITNAME')),
                    $v->fmt->money($price),
                    $v->fmt->money($qty * $price * (100 - $disc) / 100),
                ];
            }
            $items[] = [
                'summary' => '№ ' . ReportView::text($b, 'BH_BILLNUMB'),
                'value' => $v->fmt->money($b['BH_SUM'] ?? 0),
                'meta' => implode(' · ', array_filter([
                    Format::clientTime($b['BH_STARTDATETIME'] ?? ''),
                    ReportView::text($b, 'BH_OPERNAME'),
                    $terminal !== '' ? $v->t('terminal') . ' ' . $terminal : '',
                    $v->t('lines') . ': ' . $v->fmt->int($b['BH_PLUCOUNT'] ?? count($rows)),
                ], static fn (string $s): bool => $s !== '')),
                'table' => $v->table('', $cols, $rows, null, 'bill-lines'),
            ];
        }
        $blocks[] = ['type' => 'details', 'items' => $items];
        return $blocks;
    }
}
