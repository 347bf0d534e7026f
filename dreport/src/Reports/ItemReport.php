<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * The reports of one item (shop-reports.md A17–A19), opened from the item card. The item
 * number comes from the URL (`plu`, or the original's `pluNumb`) and is validated as a
 * positive integer; the item's name and unit are always read from the shop (dataset
 * `Item`), never taken from URL text as the original did.
 */
abstract class ItemReport extends BaseReport
{
    public const ITEM = 'Item';

    public function params(ReportRequest $rq): ReportParams
    {
        return parent::params($rq)->with(['plu' => self::plu($rq->query), 'object' => $rq->objectId]);
    }

    /** @param array<string,mixed> $query the item number, 0 when missing or invalid */
    public static function plu(array $query): int
    {
        return ReportParams::id($query['plu'] ?? $query['pluNumb'] ?? null) ?? 0;
    }

    protected static function pluOf(ReportParams $p): int
    {
        $v = $p->get('plu', 0);
        return is_int($v) ? $v : 0;
    }

    /** The `Item` dataset plus the report's own. @param array<string,string> $own */
    protected static function withItem(ReportParams $p, array $own): array
    {
        return [self::ITEM => 'select p.PLU_NUMB as PLU_NUMB, p.PLU_NAME as PLU_NAME,'
            . ' u.PRIMARYMUNIT_NAME as UNIT from PLUES p'
            . ' left join N_PRIMARY_MEASUREUNITS u on u.PRIMARYMUNIT_ID = p.PLU_MEASUREUNIT_ID'
            . ' where p.PLU_NUMB = ' . Sql::int(self::pluOf($p))] + $own;
    }

    /**
     * The item row, or a note block saying why there is none.
     *
     * @param array<string,mixed> $answer
     * @return array{0:array<string,mixed>|null,1:list<array<string,mixed>>}
     */
    protected static function item(array $answer, ReportParams $p, ReportView $v): array
    {
        if (self::pluOf($p) === 0) {
            return [null, [$v->note($v->t('item_invalid'), 'error')]];
        }
        $row = Task::rows($answer, self::ITEM)[0] ?? null;
        if ($row === null) {
            return [null, [$v->note($v->t('item_not_found', self::pluOf($p)), 'error')]];
        }
        $title = ReportView::text($row, 'PLU_NAME') . ' (#' . ReportView::text($row, 'PLU_NUMB') . ')';
        // Back to the item card (items.php) the page was opened from.
        $card = 'items.php?' . http_build_query(
            ['id' => (string) $p->get('object', ''), 'plu' => (string) self::pluOf($p)],
            '',
            '&',
            PHP_QUERY_RFC3986
        );
        return [$row, [['type' => 'crumbs', 'items' => [['label' => '‹ ' . $title, 'href' => $card]]]]];
    }

    /** Σ base-currency value of sold lines `s`, rounded per line as the original (ROUND, 2 dp). */
    protected static function lineValue(): string
    {
        return 'sum(round(s.SPLU_SELLPRICE * s.SPLU_CURRCOURCE * s.SPLU_SOLDQUANT, 2)'
            . ' + round(s.SPLU_SOLDQUANT * s.SPLU_SELLPRICE * s.SPLU_CURRCOURCE * s.SPLU_SELLDISCOUNT / 100, 2))';
    }

    /** The item's valid sold lines `s` in a window. */
    protected static function lines(ReportParams $p, Window $w): string
    {
        return ' from SALES_PLUES s where s.SPLU_REVOKED_ = 0 and s.SPLU_PLUNUMB = ' . Sql::int(self::pluOf($p))
            . ' and ' . Sql::window('s.SPLU_DATETIME', $w);
    }
}
