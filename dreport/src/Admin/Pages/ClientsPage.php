<?php

declare(strict_types=1);

namespace Dreport\Admin\Pages;

use Dreport\Admin\Page;
use Dreport\Admin\Response;
use Dreport\ReportServerException;

/**
 * Live clients from the report server's `/server/clientlist/` (http-api.md §2), joined
 * with t_subscriptions so active objects that are not connected show as offline.
 */
final class ClientsPage extends Page
{
    /** A page with 20 000 rows helps nobody: show the first ones and ask for a filter. */
    private const MAX_ROWS = 1000;

    public function show(): Response
    {
        $client = $this->c->app->reportServer();
        $error = null;
        $online = [];
        try {
            $online = $client->clientList();
        } catch (ReportServerException $e) {
            $error = $e->getMessage();
        }
        $q = mb_substr($this->c->req->query('q'), 0, 100);
        $showOffline = $this->c->req->query('offline') === '1';
        $rows = [];
        $onlineIds = [];
        foreach ($online as $cl) {
            $id = (string) ($cl['Id'] ?? '');
            $onlineIds[$id] = true;
            $rows[] = [
                'online' => true,
                'id' => $id,
                'host' => (string) ($cl['Host'] ?? ''),
                'ip' => (string) ($cl['IP'] ?? ''),
                'app' => (string) ($cl['App'] ?? ''),
                'ver' => (string) ($cl['Ver'] ?? ''),
                'db' => (string) ($cl['Db'] ?? ''),
                'name' => (string) ($cl['Name'] ?? ''),
                'conn' => (string) ($cl['Conn'] ?? ''),
                'act' => (string) ($cl['Act'] ?? ''),
                'exp' => self::expiry((string) ($cl['Exp'] ?? '')),
            ];
        }
        if ($showOffline && $error === null) {
            $subs = $this->c->app->db()->all(
                'SELECT s_objectid, s_hostname, s_appip, s_apptype, s_appver, s_appdbtype, s_customername,'
                . ' s_expiredate, s_lastupdatedate FROM t_subscriptions WHERE s_active = 1'
                . ' ORDER BY s_customername LIMIT 5000'
            );
            foreach ($subs as $s) {
                if (isset($onlineIds[(string) $s['s_objectid']])) {
                    continue;
                }
                $rows[] = [
                    'online' => false,
                    'id' => (string) $s['s_objectid'],
                    'host' => (string) $s['s_hostname'],
                    'ip' => (string) $s['s_appip'],
                    'app' => (string) $s['s_apptype'],
                    'ver' => (string) $s['s_appver'],
                    'db' => (string) $s['s_appdbtype'],
                    'name' => (string) $s['s_customername'],
                    'conn' => '',
                    'act' => (string) ($s['s_lastupdatedate'] ?? ''),
                    'exp' => (string) $s['s_expiredate'],
                ];
            }
        }
        if ($q !== '') {
            $rows = array_values(array_filter($rows, static function (array $r) use ($q): bool {
                foreach (['id', 'host', 'ip', 'name'] as $k) {
                    if (mb_stripos($r[$k], $q) !== false) {
                        return true;
                    }
                }
                return false;
            }));
        }
        $matching = count($rows);
        // Online first, then by customer name and object ID.
        usort(
            $rows,
            static fn (array $a, array $b): int
                => [$b['online'], $a['name'], $a['id']] <=> [$a['online'], $b['name'], $b['id']]
        );
        return $this->c->render('clients', 'Live clients', [
            'rows' => array_slice($rows, 0, self::MAX_ROWS),
            'matching' => $matching,
            'maxRows' => self::MAX_ROWS,
            'error' => $error,
            'serverUrl' => $client->baseUrl(),
            'onlineCount' => count($online),
            'q' => $q,
            'showOffline' => $showOffline,
            'today' => date('Y-m-d'),
        ]);
    }

    /** `Exp` comes as `YYYY-MM-DD HH:MM:SS`: keep the date, drop anything malformed. */
    private static function expiry(string $exp): string
    {
        return preg_match('/^(\d{4}-\d{2}-\d{2})( \d{2}:\d{2}:\d{2})?$/', $exp, $m) ? $m[1] : '';
    }
}
