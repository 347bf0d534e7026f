<?php

declare(strict_types=1);

namespace Dreport\Reports;

use DateTimeImmutable;

/**
 * Turnover by product group for a day or a month: the top-level groups, and with `g=<id>`
 * the sub-groups of that group (drill-down as deep as the tree goes).
 *
 * ASSUMED (the procedures' exact semantics are not documented in dreport.md §2):
 * `GET_TOPGROUPFORPLUGROUP(group, 0)` yields the top-level group (`O_GRP_ID`, `O_GRP_NAME`)
 * of an item's group, and `GET_SUBGROUPSFORGROUP_RR(group, 0)` yields the group's direct
 * sub-groups (a row equal to the group itself is ignored). A sub-group's turnover counts
 * items of that sub-group and of the groups below it.
 */
final class Groups implements Report
{
    public const GROUPS = 'GroupTurnover';

    public function name(): string
    {
        return 'groups';
    }

    public function titleKey(): string
    {
        return 'r_groups';
    }

    public function params(array $query, DateTimeImmutable $today): ReportParams
    {
        $scope = ReportParams::scope($query['p'] ?? null);
        $group = ReportParams::id($query['g'] ?? null);
        $name = '';
        if ($group !== null && is_string($query['gn'] ?? null)) {
            // Display only (breadcrumb); never used in SQL.
            $name = mb_substr(trim((string) preg_replace('/[\x00-\x1F\x7F]/u', '', $query['gn'])), 0, 60);
        }
        return new ReportParams(Period::fromQuery($scope, $query, $today), $scope, $group, $name);
    }

    public function queries(ReportParams $p): array
    {
        $period = $p->period ?? throw new \LogicException('period required');
        $hasChildren = 'iif(exists(select 1 from GET_SUBGROUPSFORGROUP_RR(%1$s, 0) x where x.O_GRP_ID <> %1$s), 1, 0)';
        if ($p->group === null) {
            $sql = 'select t.O_GRP_ID as GRP_ID, max(t.O_GRP_NAME) as GRP_NAME,'
                . ' sum(' . Fragments::ITEM_VALUE . ') as TOTAL, sum(s.SPLU_SOLDQUANT) as QTY, '
                . sprintf($hasChildren, 't.O_GRP_ID') . ' as HAS_CHILDREN'
                . ' from SALES_PLUES s'
                . ' join PLUES p on p.PLU_NUMB = s.SPLU_PLUNUMB'
                . ' left join GET_TOPGROUPFORPLUGROUP(p.PLU_GROUP_ID, 0) t on 1 = 1'
                . ' where s.SPLU_REVOKED_ = 0 and ' . Sql::between('s.SPLU_DATETIME', $period)
                . ' group by t.O_GRP_ID order by 3 desc';
        } else {
            $g = Sql::int($p->group);
            $sql = '/*parent:' . $g . '*/ select sg.O_GRP_ID as GRP_ID, max(sg.O_GRP_NAME) as GRP_NAME,'
                . ' sum(' . Fragments::ITEM_VALUE . ') as TOTAL, sum(s.SPLU_SOLDQUANT) as QTY, '
                . sprintf($hasChildren, 'sg.O_GRP_ID') . ' as HAS_CHILDREN'
                . ' from GET_SUBGROUPSFORGROUP_RR(' . $g . ', 0) sg'
                . ' join PLUES p on (p.PLU_GROUP_ID = sg.O_GRP_ID or p.PLU_GROUP_ID in'
                . ' (select d.O_GRP_ID from GET_SUBGROUPSFORGROUP_RR(sg.O_GRP_ID, 0) d))'
                . ' join SALES_PLUES s on s.SPLU_PLUNUMB = p.PLU_NUMB'
                . ' where sg.O_GRP_ID <> ' . $g . ' and s.SPLU_REVOKED_ = 0'
                . ' and ' . Sql::between('s.SPLU_DATETIME', $period)
                . ' group by sg.O_GRP_ID order by 3 desc';
        }
        return [self::GROUPS => $sql];
    }

    public function present(array $answer, ReportParams $p, ReportView $v): array
    {
        $rows = Task::rows($answer, self::GROUPS);
        $blocks = [$v->scopeTabs($p)];
        $period = $p->period?->query() ?? [];
        $scope = ['p' => $p->scope];
        if ($p->group !== null) {
            $blocks[] = ['type' => 'crumbs', 'items' => [
                ['label' => $v->t('top_groups'), 'href' => $v->url($scope + $period)],
                ['label' => $p->groupName !== '' ? $p->groupName : '#' . $p->group, 'href' => null],
            ]];
        }
        if ($rows === []) {
            $blocks[] = $v->note($v->t('no_data'), 'empty');
            return $blocks;
        }
        $labels = [];
        $values = [];
        $table = [];
        $sum = 0.0;
        foreach ($rows as $r) {
            $name = ReportView::text($r, 'GRP_NAME') ?: '#' . ReportView::text($r, 'GRP_ID');
            $labels[] = $name;
            $values[] = ReportView::num($r, 'TOTAL');
            $sum += ReportView::num($r, 'TOTAL');
            $id = ReportParams::id(ReportView::text($r, 'GRP_ID'));
            $cell = $name;
            if ($id !== null && (int) ReportView::num($r, 'HAS_CHILDREN') === 1) {
                $cell = [
                    'text' => $name . ' ›',
                    'href' => $v->url($scope + $period + ['g' => (string) $id, 'gn' => $name]),
                    'class' => 'drill',
                ];
            }
            $table[] = [$cell, $v->fmt->qty($r['QTY'] ?? 0), $v->fmt->money($r['TOTAL'] ?? 0)];
        }
        $title = $p->group === null
            ? $v->t('r_groups')
            : $v->t('subgroups_of', $p->groupName !== '' ? $p->groupName : '#' . $p->group);
        $blocks[] = $v->chartBlock($title, $v->chart->bars($title, $labels, $values));
        $foot = [$v->t('total'), '', $v->fmt->money($sum)];
        $blocks[] = $v->table('', $v->cols('group', '#qty', '#amount'), $table, $foot, 'groups');
        return $blocks;
    }
}
