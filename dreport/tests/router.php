<?php

/**
 * Router for `php -S` in tests and local runs: the document root is the repository
 * root, only dreport/ is served, and its private folders are refused (production web
 * servers do the same with the .htaccess files / their own config).
 */

declare(strict_types=1);

$path = rawurldecode((string) parse_url((string) ($_SERVER['REQUEST_URI'] ?? '/'), PHP_URL_PATH));
// Browsers ask for /favicon.ico at the root (the Apache vhost aliases it the same way).
if ($path === '/favicon.ico') {
    header('Content-Type: image/x-icon');
    readfile(dirname(__DIR__) . '/assets/favicon.ico');
    return true;
}
if (
    !str_starts_with($path, '/dreport/')
    || preg_match('#^/dreport/(src|templates|tests|vendor)(/|$)#', $path)
    || str_contains($path, '..')
    || preg_match('#/\.#', $path)
) {
    http_response_code(404);
    header('Content-Type: text/plain; charset=utf-8');
    echo "Not found\n";
    return true;
}
return false;
