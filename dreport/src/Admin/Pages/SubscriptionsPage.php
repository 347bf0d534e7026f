<?php

declare(strict_types=1);

namespace Dreport\Admin\Pages;

use Dreport\Admin\DeviceIdMask;
use Dreport\Admin\HttpError;
use Dreport\Admin\Page;
use Dreport\Admin\Response;
use Dreport\Admin\User;
use Dreport\Audit;
use Dreport\ReportServerException;

/**
 * Subscriptions (t_subscriptions): search by company name, EIK or object ID; renew the
 * expiry, activate/deactivate, edit, delete.
 */
final class SubscriptionsPage extends Page
{
    private const PAGE_SIZE = 50;

    public function actions(): array
    {
        return [
            'renew' => User::EDIT,
            'activate' => User::EDIT,
            'save' => User::EDIT,
            'delete' => User::ADMIN,
        ];
    }

    public function show(): Response
    {
        $id = $this->c->req->query('id');
        if ($id !== '') {
            return $this->detail($id);
        }
        $db = $this->c->app->db();
        $q = mb_substr($this->c->req->query('q'), 0, 100);
        $status = $this->c->req->query('status', 'all');
        $pageNo = max(1, (int) ($this->c->req->queryInt('p', 1) ?? 1));
        $where = [];
        $args = [];
        if ($q !== '') {
            $where[] = '(s_objectid = ? OR s_eik = ? OR s_customername LIKE ? OR s_objectname LIKE ?'
                . ' OR s_hostname LIKE ?)';
            array_push($args, $q, $q, self::like($q), self::like($q), self::like($q));
        }
        switch ($status) {
            case 'active':
                $where[] = 's_active = 1 AND s_expiredate >= CURDATE()';
                break;
            case 'inactive':
                $where[] = 's_active = 0';
                break;
            case 'expired':
                $where[] = 's_expiredate < CURDATE()';
                break;
            case 'expiring':
                $where[] = 's_expiredate BETWEEN CURDATE() AND DATE_ADD(CURDATE(), INTERVAL 14 DAY)';
                break;
            default:
                $status = 'all';
        }
        $sqlWhere = $where === [] ? '' : ' WHERE ' . implode(' AND ', $where);
        $total = (int) $db->value('SELECT COUNT(*) FROM t_subscriptions' . $sqlWhere, $args);
        $rows = $db->all(
            'SELECT s_objectid, s_objectname, s_customername, s_eik, s_hostname, s_appver, s_appdbtype,'
            . ' s_expiredate, s_active, s_lastupdatedate FROM t_subscriptions' . $sqlWhere
            . ' ORDER BY s_customername, s_objectid LIMIT ? OFFSET ?',
            array_merge($args, [self::PAGE_SIZE, ($pageNo - 1) * self::PAGE_SIZE])
        );
        return $this->c->render('subscriptions', 'Subscriptions', [
            'rows' => $rows,
            'q' => $q,
            'status' => $status,
            'pageNo' => $pageNo,
            'pages' => max(1, (int) ceil($total / self::PAGE_SIZE)),
            'total' => $total,
            'today' => date('Y-m-d'),
            'soon' => date('Y-m-d', strtotime('+14 days')),
            'canEdit' => $this->c->can(User::EDIT),
        ]);
    }

    private function detail(string $id): Response
    {
        $row = self::validObjectId($id) ? $this->load($id) : null;
        if ($row === null) {
            throw new HttpError(404, 'Subscription not found.');
        }
        $devices = $this->c->app->db()->all(
            'SELECT d_id, d_deviceid, d_objectname, d_timeoffset FROM t_devices'
            . ' WHERE d_objectid = ? ORDER BY d_deviceid',
            [$id]
        );
        if (!$this->c->can(User::ADMIN)) {
            foreach ($devices as $i => $d) {
                $devices[$i]['d_deviceid'] = DeviceIdMask::mask((string) $d['d_deviceid']);
            }
        }
        $live = null;
        $liveError = null;
        try {
            $live = $this->c->app->reportServer()->clientStat($id) ?? false;
        } catch (ReportServerException $e) {
            $liveError = $e->getMessage();
        }
        $connections = $this->c->app->db()->all(
            'SELECT cc_host, cc_peer_ip, cc_app, cc_version, cc_connected_at, cc_disconnected_at, cc_reason'
            . ' FROM t_client_connections WHERE cc_objectid = ? ORDER BY cc_connected_at DESC LIMIT 20',
            [$id]
        );
        return $this->c->render('subscription_edit', 'Subscription ' . $id, [
            's' => $row,
            'connections' => $connections,
            'live' => $live,
            'liveError' => $liveError,
            'devices' => $devices,
            'canEdit' => $this->c->can(User::EDIT),
            'canAdmin' => $this->c->can(User::ADMIN),
        ]);
    }

    /** @return array<string,mixed>|null */
    private function load(string $id): ?array
    {
        return $this->c->app->db()->one('SELECT * FROM t_subscriptions WHERE s_objectid = ?', [$id]);
    }

    /** @return array<string,mixed> */
    private function postedSubscription(): array
    {
        $id = $this->c->req->post('id');
        $row = self::validObjectId($id) ? $this->load($id) : null;
        if ($row === null) {
            throw new HttpError(404, 'Subscription not found.');
        }
        return $row;
    }

    private function back(string $id, string $msg, string $kind = 'ok'): Response
    {
        if ($this->c->req->post('return') === 'list') {
            return $this->c->redirect('subscriptions', ['q' => $this->c->req->post('q')], $msg, $kind);
        }
        return $this->c->redirect('subscriptions', ['id' => $id], $msg, $kind);
    }

    /** Renew: a fixed date, or N months added to the later of today and the current expiry. */
    public function doRenew(): Response
    {
        $s = $this->postedSubscription();
        $id = (string) $s['s_objectid'];
        $date = $this->c->req->post('expiredate');
        $months = $this->c->req->postInt('months');
        if ($date !== '') {
            $new = self::validDate($date);
            if ($new === null) {
                return $this->back($id, 'Invalid date: use YYYY-MM-DD.', 'error');
            }
        } elseif ($months !== null && $months >= 1 && $months <= 120) {
            $current = (string) ($s['s_expiredate'] ?? '');
            $base = ($current !== '' && $current > date('Y-m-d')) ? $current : date('Y-m-d');
            $new = (new \DateTimeImmutable($base))->modify('+' . $months . ' months')->format('Y-m-d');
        } else {
            return $this->back($id, 'Give a new expiry date or a number of months (1–120).', 'error');
        }
        $this->c->app->db()->exec(
            'UPDATE t_subscriptions SET s_expiredate = ?, s_lastupdatedate = NOW() WHERE s_objectid = ?',
            [$new, $id]
        );
        $this->c->audit(Audit::SUBSCRIPTION_EDIT, sprintf(
            'Subscription %s renewed: expiry %s -> %s',
            $id,
            (string) ($s['s_expiredate'] ?? '-'),
            $new
        ));
        return $this->back($id, 'Subscription ' . $id . ' renewed until ' . $new . '.');
    }

    public function doActivate(): Response
    {
        $s = $this->postedSubscription();
        $id = (string) $s['s_objectid'];
        $active = $this->c->req->post('active');
        if ($active !== '0' && $active !== '1') {
            throw new HttpError(400, 'active must be 0 or 1.');
        }
        $this->c->app->db()->exec(
            'UPDATE t_subscriptions SET s_active = ?, s_lastupdatedate = NOW() WHERE s_objectid = ?',
            [(int) $active, $id]
        );
        $what = $active === '1' ? ' activated' : ' deactivated';
        $this->c->audit(Audit::SUBSCRIPTION_EDIT, 'Subscription ' . $id . $what);
        return $this->back($id, 'Subscription ' . $id . ($active === '1' ? ' activated.' : ' deactivated.'));
    }

    public function doSave(): Response
    {
        $s = $this->postedSubscription();
        $id = (string) $s['s_objectid'];
        $exp = self::validDate($this->c->req->post('expiredate'));
        $active = $this->c->req->post('active') === '1' ? 1 : 0;
        if ($exp === null) {
            return $this->back($id, 'Invalid expiry date: use YYYY-MM-DD.', 'error');
        }
        $name = mb_substr($this->c->req->post('objectname'), 0, 100);
        $customer = mb_substr($this->c->req->post('customername'), 0, 200);
        $eik = mb_substr($this->c->req->post('eik'), 0, 30);
        $address = mb_substr($this->c->req->post('address'), 0, 255);
        $comment = mb_substr($this->c->req->post('comment'), 0, 1024);
        $this->c->app->db()->exec(
            'UPDATE t_subscriptions SET s_objectname = ?, s_customername = ?, s_eik = ?, s_address = ?,'
            . ' s_comment = ?, s_expiredate = ?, s_active = ?, s_lastupdatedate = NOW() WHERE s_objectid = ?',
            [$name, $customer, $eik, $address, $comment, $exp, $active, $id]
        );
        $this->c->audit(Audit::SUBSCRIPTION_EDIT, sprintf(
            'Subscription %s edited: expiry %s, active %d, name "%s", customer "%s"',
            $id,
            $exp,
            $active,
            $name,
            $customer
        ));
        return $this->back($id, 'Subscription ' . $id . ' saved.');
    }

    public function doDelete(): Response
    {
        $s = $this->postedSubscription();
        $id = (string) $s['s_objectid'];
        $devices = $this->c->app->db()->transaction(static function ($db) use ($id): int {
            $n = $db->exec('DELETE FROM t_devices WHERE d_objectid = ?', [$id]);
            $db->exec('DELETE FROM t_subscriptions WHERE s_objectid = ?', [$id]);
            return $n;
        });
        $this->c->audit(Audit::SUBSCRIPTION_DELETE, sprintf(
            'Subscription %s (%s) deleted with %d device link(s)',
            $id,
            (string) $s['s_customername'],
            $devices
        ));
        return $this->c->redirect('subscriptions', [], 'Subscription ' . $id . ' deleted.');
    }
}
