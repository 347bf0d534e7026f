<?php

declare(strict_types=1);

namespace Dreport\Admin\Pages;

use Dreport\Admin\DeviceIdMask;
use Dreport\Admin\Keyset;
use Dreport\Admin\Page;
use Dreport\Admin\Response;
use Dreport\Admin\User;
use Dreport\Audit;

/**
 * The event log (t_statistics): filter by type, object/user (s_operid) and date, paged
 * with keyset paging on the (…, s_datetime, s_id) indexes.
 */
final class EventsPage extends Page
{
    public function show(): Response
    {
        $req = $this->c->req;
        $db = $this->c->app->db();
        $type = $req->queryInt('type');
        $operid = mb_substr($req->query('operid'), 0, 30);
        $from = self::validDate($req->query('from'));
        $to = self::validDate($req->query('to'));
        $where = [];
        $args = [];
        if ($type !== null) {
            $where[] = 's.s_opertype = ?';
            $args[] = $type;
        }
        if ($operid !== '') {
            $where[] = 's.s_operid = ?';
            $args[] = $operid;
        }
        if ($from !== null) {
            $where[] = 's.s_datetime >= ?';
            $args[] = $from . ' 00:00:00';
        }
        if ($to !== null) {
            $where[] = 's.s_datetime < ?';
            $args[] = date('Y-m-d', (strtotime($to) ?: time()) + 86400) . ' 00:00:00';
        }
        $page = Keyset::fetch(
            $db,
            'SELECT s.s_id, s.s_opertype, s.s_operid, s.s_datetime, s.s_description, o.o_opertype_descr'
            . ' FROM t_statistics s LEFT JOIN t_opertype o ON o.o_opertype_id = s.s_opertype',
            $where,
            $args,
            's.s_datetime',
            's.s_id',
            $req->query('before'),
            $req->query('after')
        );
        $rows = $page['rows'];
        if (!$this->c->can(User::ADMIN)) {
            // Device ids are the viewer's credentials: masked for everyone but admins.
            foreach ($rows as $i => $r) {
                if ((int) $r['s_opertype'] === Audit::START_APP) {
                    $rows[$i]['s_operid'] = DeviceIdMask::mask((string) $r['s_operid']);
                }
                $rows[$i]['s_description'] = DeviceIdMask::maskText((string) $r['s_description']);
            }
        }
        $filters = array_filter([
            'type' => $type === null ? '' : (string) $type,
            'operid' => $operid,
            'from' => $from ?? '',
            'to' => $to ?? '',
        ], static fn (string $v): bool => $v !== '');
        return $this->c->render('events', 'Event log', [
            'rows' => $rows,
            'older' => $page['older'],
            'newer' => $page['newer'],
            'filters' => $filters,
            'types' => $db->all('SELECT o_opertype_id, o_opertype_descr FROM t_opertype ORDER BY o_opertype_id'),
            'badDate' => ($req->query('from') !== '' && $from === null) || ($req->query('to') !== '' && $to === null),
        ]);
    }
}
