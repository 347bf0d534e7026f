<?php

declare(strict_types=1);

namespace Dreport\Reports;

use Dreport\Viewer\Subscription;

/** A17 plueStorageAvailability: the item's quantity in each storage (STORAGEQUANT). */
final class ItemStock extends ItemReport
{
    public const STOCK = 'ItemStock';

    public function name(): string
    {
        return 'itemstock';
    }

    public function pages(): array
    {
        return ['plueStorageAvailability.php'];
    }

    public function expiry(): string
    {
        return Subscription::E_NONE;
    }

    public function nav(): string
    {
        return Period::NONE;
    }

    public function queries(ReportParams $p): array
    {
        return self::withItem($p, [
            self::STOCK => 'select st.STORAGE_NUMB as STORAGE_NUMB, st.STORAGE_NAME as STORAGE_NAME,'
                . ' q.SQ_QUANTITY as SQ_QUANTITY from STORAGEQUANT q'
                . ' join N_STORAGES st on st.STORAGE_NUMB = q.SQ_STORAGEID'
                . ' where q.SQ_PLUNUMB = ' . Sql::int(self::pluOf($p)) . ' order by 1',
        ]);
    }

    public function present(array $answer, ReportParams $p, ReportView $v): array
    {
        [$item, $blocks] = self::item($answer, $p, $v);
        if ($item === null) {
            return $blocks;
        }
        $unit = ReportView::text($item, 'UNIT');
        $rows = Task::rows($answer, self::STOCK);
        if ($rows === []) {
            $blocks[] = $v->note($v->t('no_stock'), 'empty');
            return $blocks;
        }
        $table = [];
        $sum = 0.0;
        foreach ($rows as $r) {
            $sum += ReportView::num($r, 'SQ_QUANTITY');
            $table[] = [
                ReportView::text($r, 'STORAGE_NAME'),
                ReportView::text($r, 'STORAGE_NUMB'),
                trim($v->fmt->number(ReportView::num($r, 'SQ_QUANTITY'), 3) . ' ' . $unit),
            ];
        }
        $total = trim($v->fmt->number($sum, 3) . ' ' . $unit);
        $blocks[] = $v->stats([['label' => $v->t('in_stock'), 'value' => $total, 'class' => 'total']]);
        $blocks[] = $v->table('', $v->cols('storage', '#', '#qty'), $table, [$v->t('total'), '', $total], 'stock');
        return $blocks;
    }
}
