<?php

declare(strict_types=1);

namespace Dreport\Admin\Pages;

use Dreport\Admin\Keyset;
use Dreport\Admin\Page;
use Dreport\Admin\Response;

/**
 * Report activity: the report server's relay log (t_relay_log): which report ran for
 * which object, when, how long, with which ResultCode. Filterable, keyset-paged.
 */
final class ActivityPage extends Page
{
    public function show(): Response
    {
        $req = $this->c->req;
        $db = $this->c->app->db();
        $objectId = $req->query('objectid');
        $report = mb_substr($req->query('report'), 0, 100);
        $result = $req->query('result');
        $from = self::validDate($req->query('from'));
        $to = self::validDate($req->query('to'));
        $where = [];
        $args = [];
        if ($objectId !== '' && self::validObjectId($objectId)) {
            $where[] = 'l.rl_objectid = ?';
            $args[] = $objectId;
        } else {
            $objectId = '';
        }
        if ($report !== '') {
            $where[] = 'l.rl_report = ?';
            $args[] = $report;
        }
        if ($result === 'ok') {
            $where[] = 'l.rl_resultcode = 0';
        } elseif ($result === 'error') {
            $where[] = 'l.rl_resultcode <> 0';
        } elseif ($result !== '' && filter_var($result, FILTER_VALIDATE_INT) !== false) {
            $where[] = 'l.rl_resultcode = ?';
            $args[] = (int) $result;
        } else {
            $result = '';
        }
        if ($from !== null) {
            $where[] = 'l.rl_started_at >= ?';
            $args[] = $from . ' 00:00:00';
        }
        if ($to !== null) {
            $where[] = 'l.rl_started_at < ?';
            $args[] = date('Y-m-d', (strtotime($to) ?: time()) + 86400) . ' 00:00:00';
        }
        $page = Keyset::fetch(
            $db,
            'SELECT l.rl_id, l.rl_objectid, l.rl_report, l.rl_caller, l.rl_started_at, l.rl_duration_ms,'
            . ' l.rl_resultcode, l.rl_request_bytes, l.rl_answer_bytes, s.s_customername'
            . ' FROM t_relay_log l LEFT JOIN t_subscriptions s ON s.s_objectid = l.rl_objectid',
            $where,
            $args,
            'l.rl_started_at',
            'l.rl_id',
            $req->query('before'),
            $req->query('after')
        );
        $filters = array_filter([
            'objectid' => $objectId,
            'report' => $report,
            'result' => $result,
            'from' => $from ?? '',
            'to' => $to ?? '',
        ], static fn (string $v): bool => $v !== '');
        $reports = $db->all(
            'SELECT rl_report, COUNT(*) AS n, AVG(rl_duration_ms) AS avg_ms, SUM(rl_resultcode <> 0) AS bad'
            . ' FROM t_relay_log WHERE rl_started_at >= ? GROUP BY rl_report ORDER BY n DESC LIMIT 20',
            [date('Y-m-d H:i:s', time() - 86400)]
        );
        return $this->c->render('activity', 'Report activity', [
            'rows' => $page['rows'],
            'older' => $page['older'],
            'newer' => $page['newer'],
            'filters' => $filters,
            'summary' => $reports,
        ]);
    }
}
