<?php

declare(strict_types=1);

namespace Dreport;

/**
 * Which URL paths the PHP built-in server may serve (`make run`'s scripts/run-router.php and
 * the tests' dreport/tests/router.php), mirroring the Apache vhost: only dreport's front
 * controllers, the admin panel and its assets, by an allow-list on the CANONICAL path.
 *
 * A path that is not canonical is refused outright rather than cleaned up: a double slash
 * (`/dreport//tests/x.php`), a `.`/`..` or dot-file segment, an encoded slash or backslash,
 * a NUL or control byte. No browser sends those, and `php -S` would resolve them to files
 * the allow-list never saw.
 */
final class RequestPath
{
    /**
     * @return array{status:int, path:string} 200 = serve `path` (for /favicon.ico another path
     *   than asked), 302 = redirect to /dreport/, 404 = refuse
     */
    public static function check(string $requestUri): array
    {
        $raw = (string) preg_replace('/[?#].*$/s', '', $requestUri);
        if (preg_match('/%(2f|5c|00)/i', $raw)) {
            return ['status' => 404, 'path' => $raw];
        }
        $path = rawurldecode($raw);
        if (
            $path === '' || $path[0] !== '/'
            || preg_match('/[\x00-\x1f\x7f\\\\]/', $path)
            || str_contains($path, '//')
            || preg_match('#/\.#', $path)
        ) {
            return ['status' => 404, 'path' => $path];
        }
        if ($path === '/' || $path === '/dreport') {
            return ['status' => 302, 'path' => '/dreport/'];
        }
        if ($path === '/favicon.ico') {
            // Browsers ask at the root; the routers answer with dreport/assets/favicon.ico.
            return ['status' => 200, 'path' => '/dreport/assets/favicon.ico'];
        }
        $allowed = [
            '#^/dreport/$#',
            // Front controllers (index.php, device.php, BOSSalesTurnover.php, api.php/…): top-level files only.
            '#^/dreport/[A-Za-z][A-Za-z0-9_-]*\.php(/[^/]+)*/?$#',
            '#^/dreport/admin/(index\.php)?$#',
            '#^/dreport/assets/[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.(css|js|png|svg|ico|woff2?)$#',
        ];
        foreach ($allowed as $re) {
            if (preg_match($re, $path)) {
                return ['status' => 200, 'path' => $path];
            }
        }
        return ['status' => 404, 'path' => $path];
    }
}
