<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * A3/A4 turnover by product group, with drill-down: the top level groups every sold line
 * under the top-level group of its item's group (GET_TOPGROUPFORPLUGROUP(group, 0)); with
 * `gid=<group>` the lines of that group's subtree are grouped under its direct children
 * (GET_SUBGROUPSFORGROUP_RR(gid, 0): O_GRP_ID_TOP / O_GRP_NAME_TOP, and O_GRP_PARENT_TOP,
 * whose value drives the Back link). Bars open the next level, like the original; `gname`
 * and `gval` are display-only.
 *
 * The amounts are item-line values in the base currency of their day (Fragments), so the
 * sign shown is that of Currency::baseOn() of the window's last day (the original attached
 * the current base currency's sign, wrong for days before 2026-01-01).
 */
abstract class GroupTurnoverBase extends BaseReport
{
    public const GROUPS = 'GroupTurnover';

    /** The window of business days the groups are summed over. */
    abstract protected function window(Period $p): Window;

    public function params(ReportRequest $rq): ReportParams
    {
        $base = parent::params($rq);
        $gid = $rq->canNavigate ? $rq->id('gid') : null;
        if ($gid === null) {
            return $base;
        }
        $extra = [];
        $gval = $rq->label('gval', 30);
        if ($gval !== '') {
            $extra['gval'] = $gval;
        }
        return new ReportParams($base->period, $base->scope, $gid, $rq->label('gname'), $extra);
    }

    public function queries(ReportParams $p): array
    {
        $w = $this->window(self::period($p));
        $filter = ' where s.SPLU_REVOKED_ = 0 and ' . Sql::window('s.SPLU_DATETIME', $w);
        if ($p->group === null) {
            $sql = 'select g.O_GRP_NAME as O_GRP_NAME_TOP, g.O_GRP_ID as O_GRP_ID_TOP, -1 as O_GRP_PARENT_TOP,'
                . ' sum(' . Fragments::ITEM_TURNOVER . ') as TURNOVER'
                . ' from SALES_PLUES s'
                . ' left join PLUES p on p.PLU_NUMB = s.SPLU_PLUNUMB'
                . ' left join GET_TOPGROUPFORPLUGROUP(p.PLU_GROUP_ID, 0) g on g.O_GRP_ID > 0'
                . $filter
                . ' group by g.O_GRP_NAME, g.O_GRP_ID order by 4 desc';
        } else {
            $sql = 'select sg.O_GRP_NAME_TOP as O_GRP_NAME_TOP, sg.O_GRP_ID_TOP as O_GRP_ID_TOP,'
                . ' sg.O_GRP_PARENT_TOP as O_GRP_PARENT_TOP, sum(' . Fragments::ITEM_TURNOVER . ') as TURNOVER'
                . ' from SALES_PLUES s'
                . ' left join PLUES p on p.PLU_NUMB = s.SPLU_PLUNUMB'
                . ' join GET_SUBGROUPSFORGROUP_RR(' . Sql::int($p->group) . ', 0) sg on sg.O_GRP_ID = p.PLU_GROUP_ID'
                . $filter
                . ' group by sg.O_GRP_NAME_TOP, sg.O_GRP_ID_TOP, sg.O_GRP_PARENT_TOP order by 4 desc';
        }
        return [self::GROUPS => $sql];
    }

    public function present(array $answer, ReportParams $p, ReportView $v): array
    {
        $w = $this->window(self::period($p));
        $sign = Currency::sign(Currency::shownIn($w));
        $rows = Task::rows($answer, self::GROUPS);
        $date = ['date' => self::period($p)->date->format('Y-m-d')];
        $blocks = [];
        if ($p->group !== null) {
            $head = $p->groupName !== '' ? $p->groupName : '#' . $p->group;
            if (is_string($p->get('gval'))) {
                $head .= ' (' . $p->get('gval') . ' ' . $sign . ')';
            }
            $parent = null;
            if ($rows !== []) {
                $last = (int) ReportView::num($rows[count($rows) - 1], 'O_GRP_PARENT_TOP');
                $parent = $last > 0 && $last !== $p->group ? $last : null;
            }
            $back = $parent === null ? $date : $date + ['gid' => (string) $parent];
            $blocks[] = ['type' => 'crumbs', 'items' => [
                ['label' => '‹ ' . $v->t('back'), 'href' => $v->url($back)],
                ['label' => $head, 'href' => null],
            ]];
        }
        $blocks[] = $v->note($v->t('date_is', $w->label()), 'muted period-window');
        if ($rows === []) {
            $blocks[] = $v->note($v->t('no_data'), 'empty');
            return $blocks;
        }
        $labels = [];
        $values = [];
        $links = [];
        $table = [];
        $sum = 0.0;
        foreach ($rows as $r) {
            $value = ReportView::num($r, 'TURNOVER');
            $id = (int) ReportView::num($r, 'O_GRP_ID_TOP');
            $name = ReportView::text($r, 'O_GRP_NAME_TOP') ?: ($id > 0 ? '#' . $id : $v->t('no_group'));
            $labels[] = $name;
            $values[] = $value;
            $sum += $value;
            $cell = $id > 0
                ? $v->drill($name, $date + [
                    'gid' => (string) $id,
                    'gname' => $name,
                    'gval' => $v->fmt->money($value),
                ])
                : $name;
            $links[] = is_array($cell) ? ($cell['href'] ?? null) : null;
            $table[] = [$cell, $v->money($value, $sign)];
        }
        $title = $v->t('turnover_in', $sign);
        $blocks[] = $v->chartBlock($title, $v->chart->bars($title, $labels, $values, $links), $v->t($this->captionKey()));
        $blocks[] = $v->table(
            '',
            $v->cols('group', '#amount'),
            $table,
            [$v->t('total'), $v->money($sum, $sign)],
            'groups'
        );
        return $blocks;
    }

    /** I18n key of the caption under the chart. */
    abstract protected function captionKey(): string;
}
