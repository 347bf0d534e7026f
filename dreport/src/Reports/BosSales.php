<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * Wholesale (BOS) sales of the back-office (shop-reports.md A24): the valid sales documents
 * (SUPPLIES with SUP_TYPE = 2, SUP_REVOKED_ = 0), their SUP_SUM in the document's currency,
 * over whole business days with the object's offset (§0.4).
 */
abstract class BosSales extends BaseReport
{
    /** `from … where` of the valid BOS sales documents `s` with their currency `c`. */
    protected static function documents(Window $w): string
    {
        return ' from SUPPLIES s left join N_CURRENCY c on c.CURR_ID = s.SUP_CURRENCY'
            . ' where s.SUP_TYPE = 2 and s.SUP_REVOKED_ = 0 and ' . Sql::window('s.SUP_DATETIME', $w);
    }

    /** Σ SUP_SUM per document type and currency over the window. */
    protected static function docTypes(Window $w): string
    {
        return 'select s.SUP_DOCTYPE as DOCUMENT_ID, max(d.DOCUMENT_NAME) as DOCUMENT_NAME,'
            . " coalesce(c.CURR_ABR, '') as CURRENCY, max(c.CURR_SIGN) as CURR_SIGN,"
            . ' sum(s.SUP_SUM) as TOTAL, count(s.SUP_ID) as DOCS'
            . str_replace(
                ' where ',
                ' left join N_DOCUMENTS d on d.DOCUMENT_ID = s.SUP_DOCTYPE where ',
                self::documents($w)
            )
            . ' group by 1, 3 order by 5 desc';
    }

    /**
     * Document-type table (each row in its own currency).
     *
     * @param list<array<string,mixed>> $rows
     * @return list<array<string,mixed>>
     */
    protected static function docTypeBlocks(array $rows, ReportView $v): array
    {
        if ($rows === []) {
            return [];
        }
        $table = [];
        foreach ($rows as $r) {
            $table[] = [
                ReportView::text($r, 'DOCUMENT_NAME') ?: '#' . ReportView::text($r, 'DOCUMENT_ID'),
                $v->fmt->int($r['DOCS'] ?? 0),
                $v->money($r['TOTAL'] ?? 0, Lists::sign($r)),
            ];
        }
        return [$v->table($v->t('by_document'), $v->cols('document', '#docs', '#amount'), $table, null, 'doc-types')];
    }

    /**
     * One comparable series (Currency rule): each bucket's BGN and EUR amounts in the
     * currency shown; other currencies are left out of the series.
     *
     * @param list<array<string,mixed>> $rows with CURRENCY, CURR_SIGN, TOTAL
     * @param callable(array<string,mixed>):?string $bucket the row's bucket key
     * @param callable(string):\DateTimeImmutable $dayOf a bucket's (first) business day
     * @return array<string,float> bucket => amount
     */
    protected static function series(array $rows, callable $bucket, callable $dayOf, string $shown): array
    {
        $out = [];
        foreach ($rows as $r) {
            $k = $bucket($r);
            if ($k === null) {
                continue;
            }
            $code = Currency::code(ReportView::text($r, 'CURRENCY'), ReportView::text($r, 'CURR_SIGN'));
            if ($code === '') {
                continue;
            }
            $amount = Currency::convert(ReportView::num($r, 'TOTAL'), $code, $shown);
            if ($amount !== null) {
                $out[$k] = ($out[$k] ?? 0.0) + $amount;
            }
        }
        return $out;
    }
}
