<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * SQL fragments several reports share, so that e.g. "the value of a sold item line" is
 * defined once. ASSUMED (dreport.md §2 gives the columns, not their arithmetic):
 * - an item line's value is quantity × price × (100 − discount %) / 100, already in the
 *   base currency (SPLU_CURRCOURCE is not applied);
 * - turnover in the base currency is the sum of SALES_BON.SELL_SUM of the receipts whose
 *   SELL_CURRTYPE is the base currency (CURR_ISBASE_ = 1); foreign-currency receipts are
 *   shown separately per currency in day turnover.
 */
final class Fragments
{
    /** Value of one SALES_PLUES line (alias `s`). */
    public const ITEM_VALUE = '(s.SPLU_SOLDQUANT * s.SPLU_SELLPRICE * (100 - coalesce(s.SPLU_SELLDISCOUNT, 0)) / 100)';

    /** Valid (not revoked) receipts `b` in the base currency `c`. */
    public const BASE_RECEIPTS = 'from SALES_BON b join N_CURRENCY c on c.CURR_ID = b.SELL_CURRTYPE'
        . ' where b.SELL_REVOKED_ = 0 and c.CURR_ISBASE_ = 1';

    /** Open bills `h`: not finished, not yet sold, not revoked. */
    public const OPEN_BILL = 'h.BH_ENDDATETIME is null and h.BH_SELLID = 0 and h.BH_REVOKED_ = 0';

    /** DailyTurnover: base-currency turnover and receipt count per day of a period. */
    public static function dailyTurnover(Period $period): string
    {
        return 'select cast(b.SELL_DATETIME as date) as DAY, sum(b.SELL_SUM) as TOTAL, count(b.SELL_ID) as RECEIPTS '
            . self::BASE_RECEIPTS . ' and ' . Sql::between('b.SELL_DATETIME', $period)
            . ' group by cast(b.SELL_DATETIME as date) order by 1';
    }

    /** PaymentTypes: paid amount per payment type over a period. */
    public static function paymentTypes(Period $period): string
    {
        return 'select pt.PAYTYPE_NAME as PAYTYPE_NAME, sum(p.PAY_SUM) as TOTAL'
            . ' from SALES_PAYMENT p'
            . ' join SALES_BON b on b.SELL_ID = p.PAY_SELL_ID'
            . ' join N_PAYMENT_TYPES pt on pt.PAYTYPE_NUMB = p.PAY_TYPE'
            . ' where b.SELL_REVOKED_ = 0 and ' . Sql::between('b.SELL_DATETIME', $period)
            . ' group by pt.PAYTYPE_NAME order by 2 desc';
    }

    /**
     * Payment types as a bar chart plus a table.
     *
     * @param list<array<string,mixed>> $rows
     * @return list<array<string,mixed>>
     */
    public static function paymentBlocks(array $rows, ReportView $v): array
    {
        if ($rows === []) {
            return [];
        }
        $labels = [];
        $values = [];
        $table = [];
        $sum = 0.0;
        foreach ($rows as $r) {
            $labels[] = ReportView::text($r, 'PAYTYPE_NAME');
            $values[] = ReportView::num($r, 'TOTAL');
            $sum += ReportView::num($r, 'TOTAL');
            $table[] = [ReportView::text($r, 'PAYTYPE_NAME'), $v->fmt->money($r['TOTAL'] ?? 0)];
        }
        $foot = [$v->t('total'), $v->fmt->money($sum)];
        return [
            $v->chartBlock($v->t('by_payment'), $v->chart->bars($v->t('by_payment'), $labels, $values)),
            $v->table('', $v->cols('payment_type', '#amount'), $table, $foot, 'payments'),
        ];
    }

    /**
     * Rows of DailyTurnover indexed by Y-m-d, for filling a full run of days.
     *
     * @param list<array<string,mixed>> $rows
     * @return array<string,array{total:float,receipts:float}>
     */
    public static function byDay(array $rows): array
    {
        $out = [];
        foreach ($rows as $r) {
            $d = \Dreport\Viewer\Format::parseClientDate($r['DAY'] ?? null);
            if ($d === null) {
                continue;
            }
            $k = $d->format('Y-m-d');
            $out[$k] = [
                'total' => ($out[$k]['total'] ?? 0.0) + ReportView::num($r, 'TOTAL'),
                'receipts' => ($out[$k]['receipts'] ?? 0.0) + ReportView::num($r, 'RECEIPTS'),
            ];
        }
        return $out;
    }
}
