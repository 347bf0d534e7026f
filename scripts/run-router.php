<?php

/**
 * Router for `php -S` in `make run` (scripts/run-local.sh): the document root is the
 * repository root and only dreport/ is served, under /dreport/ like the Apache vhost of
 * the Docker image. dreport's private folders are refused, as the production vhost does.
 */

declare(strict_types=1);

$path = rawurldecode((string) parse_url((string) ($_SERVER['REQUEST_URI'] ?? '/'), PHP_URL_PATH));

// Browsers ask for /favicon.ico at the root (the Apache vhost aliases it the same way).
if ($path === '/favicon.ico') {
    header('Content-Type: image/x-icon');
    header('Cache-Control: max-age=86400');
    readfile(dirname(__DIR__) . '/dreport/assets/favicon.ico');
    return true;
}
if ($path === '/' || $path === '/dreport') {
    header('Location: /dreport/', true, 302);
    exit;
}
if (
    !str_starts_with($path, '/dreport/')
    || preg_match('#^/dreport/(src|templates|tests|vendor|node_modules)(/|$)#', $path)
    || str_contains($path, '..')
    || str_contains($path, "\0")
    || preg_match('#/\.#', $path)
) {
    http_response_code(404);
    header('Content-Type: text/plain; charset=utf-8');
    echo "Not found\n";
    return true;
}
return false;
