<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * SQL and presentation pieces several reports share, so that e.g. "the value of a sold
 * item line" is defined once (shop-reports.md §A3 formula).
 */
final class Fragments
{
    /**
     * Value of one SALES_PLUES line (alias `s`) in the base currency of its day:
     * round(price·qty·rate, 2) + round(qty·price·rate·discount%/100, 2), the discount being
     * a signed percentage added to the price (negative = discount). The original used the
     * Detelina UDF RoundTo; the built-in ROUND gives the same 2-decimal result and exists on
     * every Firebird since 2.1.
     */
    public const ITEM_TURNOVER = '(round(s.SPLU_SELLPRICE * s.SPLU_SOLDQUANT * s.SPLU_CURRCOURCE, 2)'
        . ' + round(s.SPLU_SOLDQUANT * s.SPLU_SELLPRICE * s.SPLU_CURRCOURCE'
        . ' * coalesce(s.SPLU_SELLDISCOUNT, 0) / 100, 2))';

    /** Bill line total (alias `l`): qty·(price + price·discount%/100). */
    public const BILL_LINE_TOTAL = '(l.BP_QUANTITY * (l.BP_SELLPRICE + l.BP_SELLPRICE * coalesce(l.BP_DISCOUNT, 0) / 100))';

    /** A real, not revoked bill header `h` (both open and closed bills). */
    public const REAL_BILL = 'h.BH_REVOKED_ = 0 and h.BH_BILLNUMB > 0';

    /** Open bills `h`: not finished, not yet sold into a receipt. */
    public const OPEN_BILL = 'h.BH_SELLID = 0 and h.BH_ENDDATETIME is null and ' . self::REAL_BILL;

    /**
     * Valid receipts (SALES_BON `b` ⋈ N_CURRENCY `c`) per business day and currency of a
     * window: SELL_DATE, CURR_SIGN, CURR_ABR, SELL_SUM, RECEIPTS.
     */
    public static function receiptsPerDay(Window $w): string
    {
        $day = Sql::businessDay('b.SELL_DATETIME', $w->offset);
        return "select $day as SELL_DATE, c.CURR_SIGN as CURR_SIGN, c.CURR_ABR as CURR_ABR,"
            . ' sum(b.SELL_SUM) as SELL_SUM, count(b.SELL_ID) as RECEIPTS'
            . ' from SALES_BON b join N_CURRENCY c on c.CURR_ID = b.SELL_CURRTYPE'
            . ' where b.SELL_REVOKED_ = 0 and ' . Sql::window('b.SELL_DATETIME', $w)
            . " group by $day, c.CURR_SIGN, c.CURR_ABR order by 1, 2";
    }

    /**
     * Paid amounts per payment type and currency of the receipts of a window (A1/A2
     * CurrentPayType): PAY_TYPE, PAYTYPE_NAME, CURR_SIGN, CURR_ABR, PAY_SUM.
     */
    public static function paymentTypes(Window $w): string
    {
        return 'select p.PAY_TYPE as PAY_TYPE, pt.PAYTYPE_NAME as PAYTYPE_NAME, c.CURR_SIGN as CURR_SIGN,'
            . ' c.CURR_ABR as CURR_ABR, sum(p.PAY_SUM) as PAY_SUM'
            . ' from SALES_PAYMENT p'
            . ' join SALES_BON b on b.SELL_ID = p.PAY_SELL_ID'
            . ' join N_PAYMENT_TYPES pt on pt.PAYTYPE_NUMB = p.PAY_TYPE'
            . ' join N_CURRENCY c on c.CURR_ID = b.SELL_CURRTYPE'
            . ' where b.SELL_REVOKED_ = 0 and ' . Sql::window('b.SELL_DATETIME', $w)
            . ' group by p.PAY_TYPE, pt.PAYTYPE_NAME, c.CURR_SIGN, c.CURR_ABR order by 1, 3';
    }

    /**
     * The payment-type table: name | amount + sign, one row per type and currency.
     *
     * @param list<array<string,mixed>> $rows
     * @return list<array<string,mixed>>
     */
    public static function paymentBlocks(array $rows, ReportView $v): array
    {
        if ($rows === []) {
            return [];
        }
        $table = [];
        foreach ($rows as $r) {
            $table[] = [
                ReportView::text($r, 'PAYTYPE_NAME') ?: '#' . ReportView::text($r, 'PAY_TYPE'),
                $v->money(ReportView::num($r, 'PAY_SUM'), ReportView::text($r, 'CURR_SIGN')),
            ];
        }
        return [$v->table($v->t('by_payment'), $v->cols('payment_type', '#amount'), $table, null, 'payments')];
    }

    /** The currency code of a row with CURR_ABR / CURR_SIGN ('' when neither BGN nor EUR). */
    public static function code(array $row): string
    {
        return Currency::code(ReportView::text($row, 'CURR_ABR'), ReportView::text($row, 'CURR_SIGN'));
    }

    /**
     * A row's amount in currency $to (the euro rule), or null when it is in another currency.
     *
     * @param array<string,mixed> $row
     */
    public static function comparable(array $row, string $amountKey, string $to): ?float
    {
        return Currency::convert(ReportView::num($row, $amountKey), self::code($row), $to);
    }

    /**
     * Per-currency totals of rows: [sign => amount] in the order met.
     *
     * @param list<array<string,mixed>> $rows
     * @return array<string,float>
     */
    public static function perCurrency(array $rows, string $amountKey): array
    {
        $out = [];
        foreach ($rows as $r) {
            $s = ReportView::text($r, 'CURR_SIGN');
            $out[$s] = ($out[$s] ?? 0.0) + ReportView::num($r, $amountKey);
        }
        return $out;
    }

    /**
     * The total of rows in BGN and EUR expressed in $to (the euro rule), or null when the rows
     * are in fewer than two of those currencies (then each row's own amount says it all).
     *
     * @param list<array<string,mixed>> $rows
     */
    public static function comparableTotal(array $rows, string $amountKey, string $to): ?float
    {
        $codes = [];
        $sum = 0.0;
        foreach ($rows as $r) {
            $amount = self::comparable($r, $amountKey, $to);
            if ($amount !== null) {
                $codes[self::code($r)] = true;
                $sum += $amount;
            }
        }
        return count($codes) > 1 ? round($sum, 2) : null;
    }

    /**
     * The stat items of a period's turnover: one total per currency the shop answered in (the
     * base currency of $date when it answered nothing), the comparable total when both lev
     * and euro came in, and the receipt count. Classes: `$class`, `$class-comparable`,
     * `receipts`.
     *
     * @param list<array<string,mixed>> $rows SELL_SUM, CURR_SIGN, CURR_ABR, RECEIPTS per currency
     * @return list<array<string,mixed>>
     */
    public static function turnoverItems(
        array $rows,
        \DateTimeImmutable $date,
        string $label,
        string $class,
        ReportView $v
    ): array {
        $base = Currency::baseOn($date);
        $items = [];
        foreach ($rows === [] ? [[]] : $rows as $r) {
            $items[] = [
                'label' => $label,
                'value' => $v->money(
                    ReportView::num($r, 'SELL_SUM'),
                    ReportView::text($r, 'CURR_SIGN') ?: Currency::sign($base)
                ),
                'class' => $class,
            ];
        }
        $comparable = self::comparableTotal($rows, 'SELL_SUM', $base);
        if ($comparable !== null) {
            $items[] = [
                'label' => $v->t('total_in', Currency::sign($base)),
                'value' => $v->money($comparable, Currency::sign($base)),
                'class' => $class . '-comparable',
            ];
        }
        $receipts = array_sum(array_map(static fn (array $r): float => ReportView::num($r, 'RECEIPTS'), $rows));
        $items[] = ['label' => $v->t('receipts'), 'value' => $v->fmt->int($receipts), 'class' => 'receipts'];
        return $items;
    }
}
