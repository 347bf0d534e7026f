<?php

declare(strict_types=1);

namespace Dreport\Admin;

use Dreport\Audit;
use Dreport\Db;

/**
 * Password login for the admin panel.
 *
 * Passwords are bcrypt (`password_hash`). Legacy rows carry `!!!` in front of the hash;
 * they are accepted and rehashed on the first successful login. Failed logins are
 * written to t_statistics (type 142, always, whatever log_level says: they are the
 * throttle's memory) and more than MAX_PER_USER failures for a username, or
 * MAX_PER_IP from one address, within WINDOW_MIN minutes lock further attempts.
 */
final class Auth
{
    public const MAX_PER_USER = 5;
    public const MAX_PER_IP = 20;
    public const WINDOW_MIN = 15;
    private const LEGACY_PREFIX = '!!!';
    /** bcrypt of a random string nobody knows: equal timing for unknown usernames. */
    private const DUMMY_HASH = '$2y$10$vT/ARgtvi4frVrf93Jdq2uPyTgHdpF/cssWmZ9obsIo1bsGeE7AdC';

    public function __construct(private Db $db)
    {
    }

    public function loadUser(int $id): ?User
    {
        $row = $this->db->one(
            'SELECT u.a_id, u.a_username, r.r_name, r.r_can_admin, r.r_can_write, r.r_can_edit, r.r_can_read'
            . ' FROM `user` u LEFT JOIN role r ON r.r_id = u.a_role_id WHERE u.a_id = ?',
            [$id]
        );
        return $row === null ? null : User::fromRow($row);
    }

    /** Minutes left of a lock-out for this username/IP, 0 when a login may be tried. */
    public function lockedMinutes(string $username, string $ip): int
    {
        $since = date('Y-m-d H:i:s', time() - self::WINDOW_MIN * 60);
        $byUser = $this->db->one(
            'SELECT COUNT(*) AS n, MIN(s_datetime) AS first FROM t_statistics'
            . ' WHERE s_operid = ? AND s_datetime >= ? AND s_opertype = ?',
            [mb_substr($username, 0, 30), $since, Audit::LOGIN_FAILED]
        );
        $byIp = $this->db->one(
            'SELECT COUNT(*) AS n, MIN(s_datetime) AS first FROM t_statistics'
            . ' WHERE s_opertype = ? AND s_datetime >= ? AND s_description = ?',
            [Audit::LOGIN_FAILED, $since, self::failText($ip)]
        );
        foreach ([[$byUser, self::MAX_PER_USER], [$byIp, self::MAX_PER_IP]] as [$row, $max]) {
            if ((int) ($row['n'] ?? 0) >= $max) {
                $first = strtotime((string) $row['first']) ?: time();
                return max(1, (int) ceil(($first + self::WINDOW_MIN * 60 - time()) / 60));
            }
        }
        return 0;
    }

    /** Returns the user id on success, null on failure (and records the failure). */
    public function attempt(string $username, string $password, string $ip): ?int
    {
        $row = $username === '' ? null : $this->db->one(
            'SELECT a_id, a_password FROM `user` WHERE a_username = ?',
            [$username]
        );
        $stored = $row === null ? '' : (string) $row['a_password'];
        $legacy = str_starts_with($stored, self::LEGACY_PREFIX);
        $hash = $legacy ? substr($stored, strlen(self::LEGACY_PREFIX)) : $stored;
        // Always run one bcrypt verification so unknown usernames take as long as known ones.
        $ok = password_verify($password, $hash !== '' ? $hash : self::DUMMY_HASH);
        if ($row === null || !$ok || $password === '') {
            $this->recordFailure($username, $ip);
            return null;
        }
        if ($legacy || password_needs_rehash($hash, PASSWORD_BCRYPT)) {
            $this->db->exec(
                'UPDATE `user` SET a_password = ? WHERE a_id = ?',
                [self::hash($password), (int) $row['a_id']]
            );
        }
        return (int) $row['a_id'];
    }

    public static function hash(string $password): string
    {
        return password_hash($password, PASSWORD_BCRYPT);
    }

    private function recordFailure(string $username, string $ip): void
    {
        $this->db->exec(
            'INSERT INTO t_statistics (s_opertype, s_operid, s_datetime, s_description) VALUES (?, ?, NOW(), ?)',
            [Audit::LOGIN_FAILED, mb_substr($username, 0, 30), self::failText($ip)]
        );
    }

    private static function failText(string $ip): string
    {
        return 'Login failed from ' . $ip;
    }
}
