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

if (\Dreport\RequestPath::check($uri)['status'] !== 200) {
    http_response_code(404);
    header('Content-Type: text/plain; charset=utf-8');
    echo "Not found\n";
    return true;
}
return false;
