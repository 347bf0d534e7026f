<?php

declare(strict_types=1);

namespace Dreport\Admin\Pages;

use Dreport\Admin\Auth;
use Dreport\Admin\HttpError;
use Dreport\Admin\Page;
use Dreport\Admin\Response;
use Dreport\Admin\User;
use Dreport\Audit;

/**
 * Admin panel accounts (`user`). Passwords are bcrypt; an admin cannot delete or demote
 * their own account (so the panel never locks itself out).
 */
final class UsersPage extends Page
{
    public const MIN_PASSWORD = 8;

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
        $db = $this->c->app->db();
        $rows = $db->all(
            'SELECT u.a_id, u.a_username, u.a_first_name, u.a_last_name, u.a_role_id, r.r_name'
            . ' FROM `user` u LEFT JOIN role r ON r.r_id = u.a_role_id ORDER BY u.a_username'
        );
        $editId = $this->c->req->queryInt('edit');
        $edit = $editId === null ? null : $db->one(
            'SELECT a_id, a_username, a_first_name, a_last_name, a_role_id FROM `user` WHERE a_id = ?',
            [$editId]
        );
        return $this->c->render('users', 'Users', [
            'rows' => $rows,
            'roles' => $db->all('SELECT r_id, r_name FROM role ORDER BY r_name'),
            'edit' => $edit,
        ]);
    }

    private function roleId(): ?int
    {
        $id = $this->c->req->postInt('role_id');
        if ($id === null) {
            return null;
        }
        return $this->c->app->db()->one('SELECT 1 FROM role WHERE r_id = ?', [$id]) !== null ? $id : null;
    }

    public function doAdd(): Response
    {
        $req = $this->c->req;
        $username = $req->post('username');
        $password = $req->postRaw('password');
        $role = $this->roleId();
        if (!preg_match('/^[A-Za-z0-9_.@-]{2,50}$/', $username)) {
            return $this->c->redirect('users', [], 'Username: 2–50 letters, digits, "_", ".", "@" or "-".', 'error');
        }
        if (mb_strlen($password) < self::MIN_PASSWORD || $role === null) {
            $msg = 'A role and a password of at least ' . self::MIN_PASSWORD . ' characters are required.';
            return $this->c->redirect('users', [], $msg, 'error');
        }
        $db = $this->c->app->db();
        if ($db->one('SELECT 1 FROM `user` WHERE a_username = ?', [$username]) !== null) {
            return $this->c->redirect('users', [], 'Username ' . $username . ' is taken.', 'error');
        }
        $db->exec(
            'INSERT INTO `user` (a_role_id, a_username, a_password, a_first_name, a_last_name) VALUES (?, ?, ?, ?, ?)',
            [
                $role,
                $username,
                Auth::hash($password),
                mb_substr($req->post('first_name'), 0, 50),
                mb_substr($req->post('last_name'), 0, 50),
            ]
        );
        $this->c->audit(Audit::USER_ADD, sprintf('User %s added with role %d', $username, $role));
        return $this->c->redirect('users', [], 'User ' . $username . ' added.');
    }

    /** @return array<string,mixed> */
    private function posted(): array
    {
        $id = $this->c->req->postInt('id');
        $row = $id === null ? null : $this->c->app->db()->one('SELECT * FROM `user` WHERE a_id = ?', [$id]);
        if ($row === null) {
            throw new HttpError(404, 'User not found.');
        }
        return $row;
    }

    public function doSave(): Response
    {
        $row = $this->posted();
        $id = (int) $row['a_id'];
        $role = $this->roleId();
        if ($role === null) {
            return $this->c->redirect('users', ['edit' => $id], 'Choose a role.', 'error');
        }
        if ($id === $this->c->user?->id && $role !== (int) $row['a_role_id']) {
            $canAdmin = $this->c->app->db()->value('SELECT r_can_admin FROM role WHERE r_id = ?', [$role]);
            if ((int) $canAdmin !== 1) {
                $msg = 'You cannot take the admin role from yourself.';
                return $this->c->redirect('users', ['edit' => $id], $msg, 'error');
            }
        }
        $password = $this->c->req->postRaw('password');
        if ($password !== '' && mb_strlen($password) < self::MIN_PASSWORD) {
            $msg = 'Passwords need at least ' . self::MIN_PASSWORD . ' characters.';
            return $this->c->redirect('users', ['edit' => $id], $msg, 'error');
        }
        $db = $this->c->app->db();
        $db->exec(
            'UPDATE `user` SET a_role_id = ?, a_first_name = ?, a_last_name = ? WHERE a_id = ?',
            [
                $role,
                mb_substr($this->c->req->post('first_name'), 0, 50),
                mb_substr($this->c->req->post('last_name'), 0, 50),
                $id,
            ]
        );
        if ($password !== '') {
            $db->exec('UPDATE `user` SET a_password = ? WHERE a_id = ?', [Auth::hash($password), $id]);
        }
        $this->c->audit(Audit::USER_EDIT, sprintf(
            'User %s edited: role %d%s',
            (string) $row['a_username'],
            $role,
            $password !== '' ? ', password changed' : ''
        ));
        return $this->c->redirect('users', [], 'User ' . $row['a_username'] . ' saved.');
    }

    public function doDelete(): Response
    {
        $row = $this->posted();
        if ((int) $row['a_id'] === $this->c->user?->id) {
            return $this->c->redirect('users', [], 'You cannot delete your own account.', 'error');
        }
        $this->c->app->db()->exec('DELETE FROM `user` WHERE a_id = ?', [(int) $row['a_id']]);
        $this->c->audit(Audit::USER_DELETE, 'User ' . $row['a_username'] . ' deleted');
        return $this->c->redirect('users', [], 'User ' . $row['a_username'] . ' deleted.');
    }
}
