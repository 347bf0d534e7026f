<?php

declare(strict_types=1);

namespace Dreport\Admin\Pages;

use Dreport\Admin\Keyset;
use Dreport\Admin\Page;
use Dreport\Admin\Response;

/**
 * Error reports the shops' clients sent (ERRL), stored by the report server in
 * t_client_errors: filter by object and date, keyset-paged.
 */
final class ClientErrorsPage extends Page
{
    public function show(): Response
    {
        $req = $this->c->req;
        $objectId = $req->query('objectid');
        $from = self::validDate($req->query('from'));
        $to = self::validDate($req->query('to'));
        $where = [];
        $args = [];
        if ($objectId !== '' && self::validObjectId($objectId)) {
            $where[] = 'e.ce_objectid = ?';
            $args[] = $objectId;
        } else {
            $objectId = '';
        }
        if ($from !== null) {
            $where[] = 'e.ce_created_at >= ?';
            $args[] = $from . ' 00:00:00';
        }
        if ($to !== null) {
            $where[] = 'e.ce_created_at < ?';
            $args[] = date('Y-m-d', (strtotime($to) ?: time()) + 86400) . ' 00:00:00';
        }
        $page = Keyset::fetch(
            $this->c->app->db(),
            'SELECT e.ce_id, e.ce_objectid, e.ce_host, e.ce_peer_ip, e.ce_text, e.ce_created_at, s.s_customername'
            . ' FROM t_client_errors e LEFT JOIN t_subscriptions s ON s.s_objectid = e.ce_objectid',
            $where,
            $args,
            'e.ce_created_at',
            'e.ce_id',
            $req->query('before'),
            $req->query('after')
        );
        $filters = array_filter(
            ['objectid' => $objectId, 'from' => $from ?? '', 'to' => $to ?? ''],
            static fn (string $v): bool => $v !== ''
        );
        return $this->c->render('clienterrors', 'Client errors', [
            'rows' => $page['rows'],
            'older' => $page['older'],
            'newer' => $page['newer'],
            'filters' => $filters,
        ]);
    }
}
