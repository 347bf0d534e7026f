<?php

declare(strict_types=1);

namespace Dreport\Admin\Pages;

use Dreport\Admin\HttpError;
use Dreport\Admin\Page;
use Dreport\Admin\Response;
use Dreport\Admin\User;
use Dreport\Audit;

/**
 * Roles: read (see pages), write (add devices/reports), edit (change and delete,
 * renew subscriptions), admin (settings, whitelist, users, roles, update files).
 */
final class RolesPage extends Page
{
    private const FLAGS = ['r_can_read', 'r_can_write', 'r_can_edit', 'r_can_admin'];

    public function viewPermission(): string
    {
        return User::ADMIN;
    }

    public function actions(): array
    {
        return ['add' => User::ADMIN, 'save' => User::ADMIN, 'delete' => User::ADMIN];
    }

    public function show(): Response
    {
        $rows = $this->c->app->db()->all(
            'SELECT r.*, (SELECT COUNT(*) FROM `user` u WHERE u.a_role_id = r.r_id) AS users'
            . ' FROM role r ORDER BY r.r_id'
        );
        return $this->c->render('roles', 'Roles', ['rows' => $rows, 'flags' => self::FLAGS]);
    }

    /** @return array<string,int> */
    private function flags(): array
    {
        $out = [];
        foreach (self::FLAGS as $f) {
            $out[$f] = $this->c->req->post($f) === '1' ? 1 : 0;
        }
        return $out;
    }

    public function doAdd(): Response
    {
        $name = $this->c->req->post('name');
        if (!preg_match('/^[\p{L}0-9 _.-]{2,50}$/u', $name)) {
            $msg = 'Role name: 2–50 letters, digits, spaces, "_", "." or "-".';
            return $this->c->redirect('roles', [], $msg, 'error');
        }
        $db = $this->c->app->db();
        if ($db->one('SELECT 1 FROM role WHERE r_name = ?', [$name]) !== null) {
            return $this->c->redirect('roles', [], 'Role ' . $name . ' exists.', 'error');
        }
        $f = $this->flags();
        $db->exec(
            'INSERT INTO role (r_name, r_can_read, r_can_write, r_can_edit, r_can_admin) VALUES (?, ?, ?, ?, ?)',
            [$name, $f['r_can_read'], $f['r_can_write'], $f['r_can_edit'], $f['r_can_admin']]
        );
        $this->c->audit(Audit::ROLE_ADD, sprintf('Role %s added (%s)', $name, json_encode($f)));
        return $this->c->redirect('roles', [], 'Role ' . $name . ' added.');
    }

    public function doSave(): Response
    {
        $id = $this->c->req->postInt('id');
        $row = $id === null ? null : $this->c->app->db()->one('SELECT * FROM role WHERE r_id = ?', [$id]);
        if ($row === null) {
            throw new HttpError(404, 'Role not found.');
        }
        $f = $this->flags();
        $myRole = (int) $this->c->app->db()->value(
            'SELECT a_role_id FROM `user` WHERE a_id = ?',
            [$this->c->user?->id ?? 0]
        );
        if ($myRole === $id && $f['r_can_admin'] === 0) {
            return $this->c->redirect('roles', [], 'You cannot take the admin right from your own role.', 'error');
        }
        $this->c->app->db()->exec(
            'UPDATE role SET r_can_read = ?, r_can_write = ?, r_can_edit = ?, r_can_admin = ? WHERE r_id = ?',
            [$f['r_can_read'], $f['r_can_write'], $f['r_can_edit'], $f['r_can_admin'], $id]
        );
        $this->c->audit(Audit::ROLE_EDIT, sprintf('Role %s edited (%s)', (string) $row['r_name'], json_encode($f)));
        return $this->c->redirect('roles', [], 'Role ' . $row['r_name'] . ' saved.');
    }

    public function doDelete(): Response
    {
        $id = $this->c->req->postInt('id');
        $db = $this->c->app->db();
        $row = $id === null ? null : $db->one('SELECT * FROM role WHERE r_id = ?', [$id]);
        if ($row === null) {
            throw new HttpError(404, 'Role not found.');
        }
        if ((int) $db->value('SELECT COUNT(*) FROM `user` WHERE a_role_id = ?', [$id]) > 0) {
            return $this->c->redirect('roles', [], 'Role ' . $row['r_name'] . ' is still assigned to users.', 'error');
        }
        $db->exec('DELETE FROM role WHERE r_id = ?', [$id]);
        $this->c->audit(Audit::ROLE_DELETE, 'Role ' . $row['r_name'] . ' deleted');
        return $this->c->redirect('roles', [], 'Role ' . $row['r_name'] . ' deleted.');
    }
}
