<?php

/**
 * Router for `php -S` in `make run` (scripts/run-local.sh) and in the tests
 * (dreport/tests/router.php includes this file): the document root is the repository root
 * and only dreport/ is served, under /dreport/ like the Apache vhost of the Docker image.
 * Only canonical paths of dreport's entry points pass (Dreport\RequestPath); `/` and
 * `/dreport` redirect to `/dreport/`; everything else is 404.
 *
 * php -S runs with -q (no request log of its own, which would print URLs verbatim); this
 * router writes the access line itself, with password parameters masked (Dreport\LogMask).
 */

declare(strict_types=1);

require_once dirname(__DIR__) . '/dreport/src/RequestPath.php';
require_once dirname(__DIR__) . '/dreport/src/LogMask.php';

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
if ($check['status'] === 302) {
    header('Location: /dreport/', true, 302);
    exit;
}
if ($check['status'] === 200 && $check['path'] === '/dreport/assets/favicon.ico' && !str_starts_with($uri, '/dreport/')) {
    $ico = dirname(__DIR__) . '/dreport/assets/favicon.ico';
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
