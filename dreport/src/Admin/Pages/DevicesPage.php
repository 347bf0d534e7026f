<?php

declare(strict_types=1);

namespace Dreport\Admin\Pages;

use Dreport\Admin\DeviceIdMask;
use Dreport\Admin\HttpError;
use Dreport\Admin\Page;
use Dreport\Admin\Response;
use Dreport\Admin\User;
use Dreport\Audit;

/**
 * Devices (t_devices): which phone/PC may view which objects.
 */
final class DevicesPage extends Page
{
    private const PAGE_SIZE = 50;

    public function actions(): array
    {
        return ['add' => User::WRITE, 'save' => User::EDIT, 'delete' => User::EDIT];
    }

    public function show(): Response
    {
        $db = $this->c->app->db();
        $q = mb_substr($this->c->req->query('q'), 0, 64);
        $pageNo = max(1, (int) ($this->c->req->queryInt('p', 1) ?? 1));
        $where = '';
        $args = [];
        // Device ids are credentials: only admins see them and may search by them.
        $admin = $this->c->can(User::ADMIN);
        if ($q !== '' && $admin) {
            $where = ' WHERE d.d_deviceid LIKE ? OR d.d_objectid = ? OR d.d_objectname LIKE ?';
            $args = [addcslashes($q, '%_\\') . '%', $q, self::like($q)];
        } elseif ($q !== '') {
            $where = ' WHERE d.d_objectid = ? OR d.d_objectname LIKE ?';
            $args = [$q, self::like($q)];
        }
        $total = (int) $db->value('SELECT COUNT(*) FROM t_devices d' . $where, $args);
        $rows = $db->all(
            'SELECT d.d_id, d.d_deviceid, d.d_objectname, d.d_objectid, d.d_timeoffset,'
            . ' s.s_customername, s.s_expiredate, s.s_active'
            . ' FROM t_devices d LEFT JOIN t_subscriptions s ON s.s_objectid = d.d_objectid' . $where
            . ' ORDER BY d.d_deviceid, d.d_objectid LIMIT ? OFFSET ?',
            array_merge($args, [self::PAGE_SIZE, ($pageNo - 1) * self::PAGE_SIZE])
        );
        $edit = null;
        $editId = $this->c->req->queryInt('edit');
        if ($editId !== null) {
            $edit = $db->one(
                'SELECT d_id, d_deviceid, d_objectname, d_objectid, d_timeoffset FROM t_devices WHERE d_id = ?',
                [$editId]
            );
        }
        if (!$admin) {
            foreach ($rows as $i => $r) {
                $rows[$i]['d_deviceid'] = DeviceIdMask::mask((string) $r['d_deviceid']);
            }
            if ($edit !== null) {
                $edit['d_deviceid'] = DeviceIdMask::mask((string) $edit['d_deviceid']);
            }
        }
        return $this->c->render('devices', 'Devices', [
            'rows' => $rows,
            'q' => $q,
            'total' => $total,
            'pageNo' => $pageNo,
            'pages' => max(1, (int) ceil($total / self::PAGE_SIZE)),
            'edit' => $edit,
            'canWrite' => $this->c->can(User::WRITE),
            'canEdit' => $this->c->can(User::EDIT),
        ]);
    }

    /** After a change: admins come back to the device, others to the object (they cannot search device ids). */
    private function searchFor(string $device, string $object): string
    {
        return $this->c->can(User::ADMIN) ? $device : $object;
    }

    private function shown(string $device): string
    {
        return $this->c->can(User::ADMIN) ? $device : DeviceIdMask::mask($device);
    }

    private static function validDeviceId(string $id): bool
    {
        return $id !== '' && mb_strlen($id) <= 64 && !preg_match('/[\x00-\x1f\x7f]/', $id);
    }

    private function offset(): ?int
    {
        $o = $this->c->req->postInt('timeoffset', 0);
        return ($o !== null && $o >= -24 && $o <= 24) ? $o : null;
    }

    public function doAdd(): Response
    {
        $req = $this->c->req;
        $device = $req->post('deviceid');
        $object = $req->post('objectid');
        $label = mb_substr($req->post('objectname'), 0, 30);
        $password = $req->postRaw('password');
        $offset = $this->offset();
        if (!self::validDeviceId($device) || !self::validObjectId($object) || $password === '' || $offset === null) {
            $msg = 'Device ID, object ID, password and a time offset between -24 and 24 are required.';
            return $this->c->redirect('devices', [], $msg, 'error');
        }
        $db = $this->c->app->db();
        if ($db->one('SELECT 1 FROM t_subscriptions WHERE s_objectid = ?', [$object]) === null) {
            return $this->c->redirect('devices', [], 'Object ' . $object . ' does not exist.', 'error');
        }
        if ($db->one('SELECT 1 FROM t_devices WHERE d_deviceid = ? AND d_objectid = ?', [$device, $object]) !== null) {
            $msg = 'This device already has object ' . $object . '.';
            return $this->c->redirect('devices', ['q' => $this->searchFor($device, $object)], $msg, 'error');
        }
        $db->exec(
            'INSERT INTO t_devices (d_deviceid, d_objectname, d_objectid, d_objectpswd, d_timeoffset)'
            . ' VALUES (?, ?, ?, ?, ?)',
            [$device, $label, $object, md5($password), $offset]
        );
        $this->c->audit(Audit::DEVICE_ADD, sprintf('Device %s: object %s added ("%s")', $device, $object, $label));
        $msg = 'Object ' . $object . ' added to device ' . $this->shown($device) . '.';
        return $this->c->redirect('devices', ['q' => $this->searchFor($device, $object)], $msg);
    }

    /** @return array<string,mixed> */
    private function posted(): array
    {
        $id = $this->c->req->postInt('id');
        $row = $id === null ? null : $this->c->app->db()->one('SELECT * FROM t_devices WHERE d_id = ?', [$id]);
        if ($row === null) {
            throw new HttpError(404, 'Device link not found.');
        }
        return $row;
    }

    public function doSave(): Response
    {
        $row = $this->posted();
        $label = mb_substr($this->c->req->post('objectname'), 0, 30);
        $offset = $this->offset();
        if ($offset === null) {
            $msg = 'Time offset must be between -24 and 24.';
            return $this->c->redirect('devices', ['edit' => (int) $row['d_id']], $msg, 'error');
        }
        $password = $this->c->req->postRaw('password');
        $db = $this->c->app->db();
        $db->exec(
            'UPDATE t_devices SET d_objectname = ?, d_timeoffset = ? WHERE d_id = ?',
            [$label, $offset, (int) $row['d_id']]
        );
        if ($password !== '') {
            $db->exec('UPDATE t_devices SET d_objectpswd = ? WHERE d_id = ?', [md5($password), (int) $row['d_id']]);
        }
        $this->c->audit(Audit::DEVICE_EDIT, sprintf(
            'Device %s / object %s edited: label "%s", offset %d%s',
            (string) $row['d_deviceid'],
            (string) $row['d_objectid'],
            $label,
            $offset,
            $password !== '' ? ', password changed' : ''
        ));
        $q = $this->searchFor((string) $row['d_deviceid'], (string) $row['d_objectid']);
        return $this->c->redirect('devices', ['q' => $q], 'Device saved.');
    }

    public function doDelete(): Response
    {
        $row = $this->posted();
        $this->c->app->db()->exec('DELETE FROM t_devices WHERE d_id = ?', [(int) $row['d_id']]);
        $device = (string) $row['d_deviceid'];
        $object = (string) $row['d_objectid'];
        $this->c->audit(Audit::DEVICE_DELETE, sprintf('Device %s: object %s removed', $device, $object));
        return $this->c->redirect('devices', ['q' => $this->searchFor($device, $object)], 'Object ' . $object . ' removed from device.');
    }
}
