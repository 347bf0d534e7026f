<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * A22 TicketsControl: every card valid now with its owner and limits, 15 per page
 * (`page`, 1-based). The page is cut in SQL (FIRST/SKIP, Firebird 2.5 too) instead of
 * fetching every card as the original did; a second dataset counts them for the pager.
 */
final class TicketsControl extends Tickets
{
    public const TICKETS = 'TicketsControl';
    public const COUNT = 'TicketsCount';
    public const PER_PAGE = 15;
    public const MAX_PAGE = 100000;

    public function name(): string
    {
        return 'ticketscontrol';
    }

    public function pages(): array
    {
        return ['TicketsControl.php'];
    }

    public function params(ReportRequest $rq): ReportParams
    {
        return parent::params($rq)->with(['page' => self::page($rq->query['page'] ?? null)]);
    }

    /** A page number 1…MAX_PAGE from the URL, else 1. */
    public static function page(mixed $v): int
    {
        $n = ReportParams::id($v);
        return $n !== null && $n <= self::MAX_PAGE ? $n : 1;
    }

    public function queries(ReportParams $p): array
    {
        $page = self::page((string) $p->get('page', 1));
        return [
            self::TICKETS => 'select first ' . Sql::int(self::PER_PAGE)
                . ' skip ' . Sql::int(($page - 1) * self::PER_PAGE)
                . ' ' . self::owner() . ' as OWNER, a.PAC_CARDID as PAC_CARDID,'
                . ' a.PAC_VALIDFROMD as PAC_VALIDFROMD, a.PAC_VALIDFROMT as PAC_VALIDFROMT,'
                . ' a.PAC_VALIDTOD as PAC_VALIDTOD, a.PAC_VALIDTOT as PAC_VALIDTOT'
                . ' from PAC_ACCESSLIST a where ' . self::validNow() . ' order by 1, 2',
            self::COUNT => 'select count(*) as CARDS from PAC_ACCESSLIST a where ' . self::validNow(),
        ];
    }

    /** "01.01.2027 23:59:59", "01.01.2027", "23:59:59" or "-" for a date and a time limit. */
    private static function limit(mixed $date, mixed $time): string
    {
        $parts = array_filter([self::shown($date), self::shown($time)], static fn (string $x): bool => $x !== '-');
        return $parts === [] ? '-' : implode(' ', $parts);
    }

    public function present(array $answer, ReportParams $p, ReportView $v): array
    {
        $page = self::page((string) $p->get('page', 1));
        $rows = Task::rows($answer, self::TICKETS);
        $count = Task::rows($answer, self::COUNT);
        $total = (int) ReportView::num($count[0] ?? [], 'CARDS');
        $pages = max(1, (int) ceil($total / self::PER_PAGE));
        $blocks = [$v->stats([
            ['label' => $v->t('active_tickets'), 'value' => $v->fmt->int($total), 'class' => 'total'],
        ])];
        if ($rows === []) {
            $blocks[] = $v->note($total === 0 ? $v->t('no_tickets') : $v->t('no_such_page'), 'empty');
        } else {
            $table = [];
            foreach ($rows as $r) {
                $table[] = [
                    ['text' => ReportView::text($r, 'OWNER'), 'sub' => ReportView::text($r, 'PAC_CARDID')],
                    self::limit($r['PAC_VALIDFROMD'] ?? null, $r['PAC_VALIDFROMT'] ?? null),
                    self::limit($r['PAC_VALIDTOD'] ?? null, $r['PAC_VALIDTOT'] ?? null),
                ];
            }
            $blocks[] = $v->table('', $v->cols('owner', 'valid_from', 'valid_to'), $table, null, 'tickets-control');
        }
        $blocks[] = [
            'type' => 'pager',
            'label' => $v->t('page_of', min($page, $pages), $pages),
            'prev' => $page > 1 ? $v->url(['page' => (string) min($page - 1, $pages)]) : null,
            'next' => $page < $pages ? $v->url(['page' => (string) ($page + 1)]) : null,
            'prevLabel' => $v->t('prev_page'),
            'nextLabel' => $v->t('next_page'),
        ];
        return $blocks;
    }
}
