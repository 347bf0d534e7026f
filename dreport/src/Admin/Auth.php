<?php

declare(strict_types=1);

namespace Dreport\Admin;

use Dreport\Audit;
use Dreport\Db;
use Dreport\Throttle;

/**
 * Password login for the admin panel.
 *
 * Passwords are bcrypt (`password_hash`). Legacy rows carry `!!!` in front of the hash;
 * they are accepted and rehashed on the first successful login.
 *
 * Lock-out: every attempt is first counted in `t_throttle` (one atomic statement per
 * key, see {@see Throttle}) for the username and for the client address (the trusted
 * client address of {@see \Dreport\ClientIp}: REMOTE_ADDR, or the forwarded address when
 * the peer is a configured proxy). Only when both counts are within MAX_PER_USER /
 * MAX_PER_IP for the WINDOW_MIN-minute window is the password checked at all, so 40
 * parallel guesses check at most 5 passwords. A success clears the username's counter and
 * gives the address its attempt back. Failed logins are also written to t_statistics
 * (type 142) for the event log.
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

    /**
     * One login attempt: counted first, checked only within the limits.
     *
     * @return array{id:?int, locked:int} the user id on success; `locked` = minutes of lock-out left
     */
    public function login(string $username, string $password, string $ip): array
    {
        $t = new Throttle($this->db);
        $window = self::WINDOW_MIN * 60;
        $byUser = $t->hit(self::userKey($username), $window);
        $byIp = $t->hit(self::ipKey($ip), $window);
        if ($byUser > self::MAX_PER_USER || $byIp > self::MAX_PER_IP) {
            $key = $byUser > self::MAX_PER_USER ? self::userKey($username) : self::ipKey($ip);
            return ['id' => null, 'locked' => max(1, (int) ceil($t->lockedFor($key, 0, $window) / 60))];
        }
        $id = $this->attempt($username, $password, $ip);
        if ($id !== null) {
            $t->reset(self::userKey($username));
            $t->release(self::ipKey($ip));
        }
        return ['id' => $id, 'locked' => 0];
    }

    /** Checks the password (no throttling: use {@see login()}); records a failure. */
    private function attempt(string $username, string $password, string $ip): ?int
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

    private static function userKey(string $username): string
    {
        return 'login-user:' . mb_strtolower($username);
    }

    private static function ipKey(string $ip): string
    {
        return 'login-ip:' . $ip;
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
