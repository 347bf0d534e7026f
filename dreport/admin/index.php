<?php

/**
 * Front controller of the admin panel: `admin/index.php?page=<page>`.
 * Errors are logged and never shown (display_errors off).
 */

declare(strict_types=1);

require_once dirname(__DIR__) . '/src/bootstrap.php';

use Dreport\Admin\AdminApp;
use Dreport\Admin\Request;
use Dreport\Admin\Response;
use Dreport\App;

try {
    ob_start();
    $response = (new AdminApp(App::fromEnvironment()))->run(new Request($_SERVER, $_GET, $_POST, $_FILES));
    ob_end_clean();
} catch (\Throwable $e) {
    while (ob_get_level() > 0) {
        ob_end_clean();
    }
    error_log(sprintf(
        'dreport admin: %s: %s at %s:%d',
        get_class($e),
        $e->getMessage(),
        $e->getFile(),
        $e->getLine()
    ));
    $response = new Response(
        500,
        '<!doctype html><meta charset="utf-8"><title>Error</title>'
        . '<p>Internal error. The problem has been logged; please try again later.</p>'
    );
}
$response->send();
