<?php

declare(strict_types=1);

namespace Dreport;

/**
 * Masks passwords in request URLs before they are logged. The report server's API takes
 * `?u=&p=`, and a parameter name can be spelt many ways that PHP or another server still
 * reads as `p`: `P`, `%70`, `p%00`, `p[]`, ` p`, `;`-separated (`?u=x;p=…`), doubly encoded.
 * Any parameter whose name, decoded (up to three times) and stripped of everything but
 * letters and digits, is a password-like name has its value replaced by `***`.
 */
final class LogMask
{
    /** Exactly `p`, `pw`, `secret`, `pin`; or containing `pass`, `pswd` or `pwd` anywhere. */
    private const NAMES = '/^(p|pw|secret|pin)$|pass|pswd|pwd/';

    public static function uri(string $uri): string
    {
        $q = strpos($uri, '?');
        if ($q === false) {
            return self::clean($uri);
        }
        $path = substr($uri, 0, $q);
        $query = substr($uri, $q + 1);
        $parts = preg_split('/([&;])/', $query, -1, PREG_SPLIT_DELIM_CAPTURE) ?: [];
        $out = '';
        foreach ($parts as $part) {
            if ($part === '&' || $part === ';') {
                $out .= $part;
                continue;
            }
            $eq = strpos($part, '=');
            $name = $eq === false ? $part : substr($part, 0, $eq);
            // `p%3Dsecret`: the `=` may itself be encoded.
            $decoded = $part;
            for ($i = 0; $i < 3; $i++) {
                $decoded = urldecode($decoded);
            }
            $decodedName = explode('=', $decoded, 2)[0];
            if (self::isSecret($name) || self::isSecret($decodedName)) {
                $out .= ($eq === false && $name !== $decodedName ? 'param' : self::clean($name)) . '=***';
            } else {
                $out .= $part;
            }
        }
        return self::clean($path . '?' . $out);
    }

    private static function isSecret(string $name): bool
    {
        for ($i = 0; $i < 3; $i++) {
            $name = urldecode($name);
        }
        $name = strtolower((string) preg_replace('/\[.*$/s', '', $name));
        $name = (string) preg_replace('/[^a-z0-9]/', '', $name);
        return $name !== '' && preg_match(self::NAMES, $name) === 1;
    }

    /** No control characters in a log line. */
    private static function clean(string $s): string
    {
        return (string) preg_replace_callback('/[\x00-\x1f\x7f]/', static fn (array $m): string => sprintf('\\x%02x', ord($m[0])), $s);
    }
}
