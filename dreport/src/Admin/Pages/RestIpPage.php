<?php

declare(strict_types=1);

namespace Dreport\Admin\Pages;

use Dreport\Admin\HttpError;
use Dreport\Admin\Page;
use Dreport\Admin\Response;
use Dreport\Admin\User;
use Dreport\Audit;
use Dreport\IpMatcher;

/**
 * The REST API's IP whitelist (t_restip): IPv4/IPv6 addresses or CIDR ranges.
 */
final class RestIpPage extends Page
{
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
        $rows = $this->c->app->db()->all('SELECT r_id, r_ip, r_comment FROM t_restip ORDER BY r_ip');
        return $this->c->render('restip', 'REST whitelist', [
            'rows' => $rows,
            'yourIp' => $this->c->app->clientIp($this->c->req->server),
        ]);
    }

    /** Canonical address or CIDR, or null when invalid. */
    public static function normalizeRule(string $rule): ?string
    {
        $rule = trim($rule);
        $bits = null;
        if (str_contains($rule, '/')) {
            [$rule, $bits] = explode('/', $rule, 2);
            if (!ctype_digit($bits)) {
                return null;
            }
        }
        $canon = IpMatcher::canonical($rule);
        if ($canon === null) {
            return null;
        }
        if ($bits !== null) {
            $max = str_contains($canon, ':') ? 128 : 32;
            if ((int) $bits > $max) {
                return null;
            }
            return $canon . '/' . (int) $bits;
        }
        return $canon;
    }

    public function doAdd(): Response
    {
        $ip = self::normalizeRule($this->c->req->post('ip'));
        $comment = mb_substr($this->c->req->post('comment'), 0, 255);
        if ($ip === null) {
            return $this->c->redirect('restip', [], 'Not an IPv4/IPv6 address or CIDR range.', 'error');
        }
        $this->c->app->db()->exec('INSERT INTO t_restip (r_ip, r_comment) VALUES (?, ?)', [$ip, $comment]);
        $this->c->audit(Audit::RESTIP_ADD, sprintf('REST IP %s added (%s)', $ip, $comment));
        return $this->c->redirect('restip', [], $ip . ' added to the REST whitelist.');
    }

    public function doSave(): Response
    {
        $id = $this->c->req->postInt('id');
        $row = $id === null ? null : $this->c->app->db()->one('SELECT * FROM t_restip WHERE r_id = ?', [$id]);
        if ($row === null) {
            throw new HttpError(404, 'Entry not found.');
        }
        $ip = self::normalizeRule($this->c->req->post('ip'));
        if ($ip === null) {
            return $this->c->redirect('restip', [], 'Not an IPv4/IPv6 address or CIDR range.', 'error');
        }
        $comment = mb_substr($this->c->req->post('comment'), 0, 255);
        $this->c->app->db()->exec('UPDATE t_restip SET r_ip = ?, r_comment = ? WHERE r_id = ?', [$ip, $comment, $id]);
        $old = (string) $row['r_ip'];
        $this->c->audit(Audit::RESTIP_EDIT, sprintf('REST IP %s changed to %s (%s)', $old, $ip, $comment));
        return $this->c->redirect('restip', [], 'Entry saved.');
    }

    public function doDelete(): Response
    {
        $id = $this->c->req->postInt('id');
        $row = $id === null ? null : $this->c->app->db()->one('SELECT * FROM t_restip WHERE r_id = ?', [$id]);
        if ($row === null) {
            throw new HttpError(404, 'Entry not found.');
        }
        $this->c->app->db()->exec('DELETE FROM t_restip WHERE r_id = ?', [$id]);
        $this->c->audit(Audit::RESTIP_DELETE, sprintf('REST IP %s deleted', (string) $row['r_ip']));
        return $this->c->redirect('restip', [], (string) $row['r_ip'] . ' removed from the REST whitelist.');
    }
}
