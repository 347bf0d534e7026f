<?php

/**
 * Front controller of the auth REST API (http-api.md §4): api.php/objectinfo,
 * api.php/subscriptioninfo, api.php/subscribeobject. JSON for every answer, errors
 * included: no PHP warning or HTML page ever reaches the caller.
 */

declare(strict_types=1);

require_once __DIR__ . '/src/bootstrap.php';

use Dreport\Api\JsonResponse;
use Dreport\Api\RestApi;
use Dreport\App;

ob_start();

set_error_handler(static function (int $severity, string $message, string $file, int $line): bool {
    if (!(error_reporting() & $severity)) {
        return false;
    }
    throw new \ErrorException($message, 0, $severity, $file, $line);
});

$fail = static function (\Throwable $e): void {
    error_log('dreport api: ' . get_class($e) . ': ' . $e->getMessage() . ' at ' . $e->getFile() . ':' . $e->getLine());
    while (ob_get_level() > 0) {
        ob_end_clean();
    }
    $isDb = $e instanceof \PDOException;
    (new JsonResponse(500, [
        'result' => 2,
        'message' => $isDb ? 'Database error' : 'Internal error',
    ]))->send();
};
set_exception_handler($fail);

register_shutdown_function(static function (): void {
    $err = error_get_last();
    if ($err !== null && in_array($err['type'], [E_ERROR, E_PARSE, E_CORE_ERROR, E_COMPILE_ERROR], true)) {
        while (ob_get_level() > 0) {
            ob_end_clean();
        }
        if (!headers_sent()) {
            http_response_code(500);
            header('Content-Type: application/json; charset=utf-8');
        }
        echo '{"result":2,"message":"Internal error"}';
    }
});

$params = $_GET;
if (($_SERVER['REQUEST_METHOD'] ?? 'GET') === 'POST') {
    $params += $_POST;
}
$response = (new RestApi(App::fromEnvironment()))->handle($_SERVER, $params);
while (ob_get_level() > 0) {
    ob_end_clean();
}
$response->send();
