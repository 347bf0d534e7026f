<?php

/**
 * Viewer front controller for item management: see Dreport\Items\ItemsApp.
 */

declare(strict_types=1);

require_once __DIR__ . '/src/bootstrap.php';

$app = Dreport\App::fromEnvironment();
$viewer = new Dreport\Viewer\ViewerApp($app, $_SERVER, $_GET, $_POST);
try {
    $viewer->start();
    (new Dreport\Items\ItemsApp($app, $viewer, $_SERVER, $_GET, $_POST))->handle();
} catch (\Throwable $e) {
    $viewer->internalError($e);
}
