<?php

declare(strict_types=1);

namespace Dreport;

/**
 * Session start with hardened cookie flags. Each face uses its own cookie name so a
 * device session and an admin session never share state.
 */
final class Session
{
    public static function start(string $name, bool $secure, string $path = '/'): void
    {
        if (session_status() === PHP_SESSION_ACTIVE) {
            return;
        }
        ini_set('session.use_strict_mode', '1');
        ini_set('session.use_only_cookies', '1');
        ini_set('session.use_trans_sid', '0');
        session_name($name);
        session_set_cookie_params([
            'lifetime' => 0,
            'path' => $path,
            'secure' => $secure,
            'httponly' => true,
            'samesite' => 'Lax',
        ]);
        session_start();
    }

    /** New session id after a privilege change (login) against session fixation. */
    public static function regenerate(): void
    {
        if (session_status() === PHP_SESSION_ACTIVE) {
            session_regenerate_id(true);
        }
    }

    public static function destroy(): void
    {
        if (session_status() !== PHP_SESSION_ACTIVE) {
            return;
        }
        $_SESSION = [];
        $p = session_get_cookie_params();
        setcookie(session_name() ?: 'PHPSESSID', '', [
            'expires' => time() - 3600,
            'path' => $p['path'],
            'secure' => $p['secure'],
            'httponly' => true,
            'samesite' => 'Lax',
        ]);
        session_destroy();
    }

    /** True when the request arrived over TLS (directly or via a trusted proxy). */
    public static function isHttps(array $server, Config $config): bool
    {
        if ($config->forceSecureCookies()) {
            return true;
        }
        if (!empty($server['HTTPS']) && strtolower((string) $server['HTTPS']) !== 'off') {
            return true;
        }
        $remote = (string) ($server['REMOTE_ADDR'] ?? '');
        if ($remote !== '' && IpMatcher::matchesAny($remote, $config->trustedProxies())) {
            return strtolower((string) ($server['HTTP_X_FORWARDED_PROTO'] ?? '')) === 'https';
        }
        return false;
    }
}
