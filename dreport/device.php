<?php

/**
 * Viewer front controller: see Dreport\Viewer\ViewerApp::device().
 */

declare(strict_types=1);

require_once __DIR__ . '/src/bootstrap.php';

$viewer = new Dreport\Viewer\ViewerApp(Dreport\App::fromEnvironment(), $_SERVER, $_GET, $_POST);
try {
    $viewer->start();
    $viewer->device();
} catch (\Throwable $e) {
    $viewer->internalError($e);
}
