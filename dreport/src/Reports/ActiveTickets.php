<?php

declare(strict_types=1);

namespace Dreport\Reports;

/** A22 ActiveTickets: the number of cards valid now per owner ('POS' = sold at the till). */
final class ActiveTickets extends Tickets
{
    public const TICKETS = 'ActiveTickets';

    public function name(): string
    {
        return 'activetickets';
    }

    public function pages(): array
    {
        return ['ActiveTickets.php'];
    }

    public function queries(ReportParams $p): array
    {
        return [
            self::TICKETS => 'select ' . self::owner() . ' as OWNER, count(a.PAC_CARDID) as CARDS'
                . ' from PAC_ACCESSLIST a where ' . self::validNow() . ' group by 1 order by 1',
        ];
    }

    public function present(array $answer, ReportParams $p, ReportView $v): array
    {
        $rows = Task::rows($answer, self::TICKETS);
        if ($rows === []) {
            return [
                $v->stats([['label' => $v->t('active_tickets'), 'value' => $v->fmt->int(0), 'class' => 'total']]),
                $v->note($v->t('no_tickets'), 'empty'),
            ];
        }
        $table = [];
        $sum = 0.0;
        foreach ($rows as $r) {
            $sum += ReportView::num($r, 'CARDS');
            $table[] = [ReportView::text($r, 'OWNER'), $v->fmt->int($r['CARDS'] ?? 0)];
        }
        return [
            $v->stats([['label' => $v->t('active_tickets'), 'value' => $v->fmt->int($sum), 'class' => 'total']]),
            $v->table('', $v->cols('owner', '#count'), $table, [$v->t('total'), $v->fmt->int($sum)], 'tickets'),
        ];
    }
}
