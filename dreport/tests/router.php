<?php

/**
 * Router for `php -S` in tests and local runs: the document root is the repository
 * root, only canonical paths of dreport's entry points are served (Dreport\RequestPath,
 * the same allow-list as `make run`'s scripts/run-router.php; production web servers
 * refuse the private folders in their own config). Access lines are written here with
 * password parameters masked (Dreport\LogMask); start php -S with -q.
 */

declare(strict_types=1);

require_once dirname(__DIR__) . '/src/RequestPath.php';
require_once dirname(__DIR__) . '/src/LogMask.php';

$uri = (string) ($_SERVER['REQUEST_URI'] ?? '/');
register_shutdown_function(static function () use ($uri): void {
    file_put_contents('php://stderr', sprintf(
        "[%s] %s [%d]: %s %s\n",
        date('D M j H:i:s Y'),
        (string) ($_SERVER['REMOTE_ADDR'] ?? '-'),
        (int) http_response_code(),
        preg_replace('/[^A-Z]/', '', (string) ($_SERVER['REQUEST_METHOD'] ?? 'GET')),
        \Dreport\LogMask::uri($uri)
    ));
});

$check = \Dreport\RequestPath::check($uri);
if ($check['status'] === 200 && $check['path'] === '/dreport/assets/favicon.ico' && !str_starts_with($uri, '/dreport/')) {
    $ico = dirname(__DIR__) . '/assets/favicon.ico';
    if (is_file($ico)) {
        header('Content-Type: image/x-icon');
        readfile($ico);
        return true;
    }
    $check['status'] = 404;
}
if ($check['status'] !== 200) {
    http_response_code(404);
    header('Content-Type: text/plain; charset=utf-8');
    echo "Not found\n";
    return true;
}
return false;
