<?php

/**
 * PSR-4 autoloader: `Dreport\Foo\Bar` → `dreport/src/Foo/Bar.php`.
 *
 * No Composer on purpose: the site has no third-party PHP dependencies and must run
 * from a plain checkout. Also loads the few global template helpers (`e()`).
 */

declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $prefix = 'Dreport\\';
    if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
        return;
    }
    $relative = substr($class, strlen($prefix));
    $file = __DIR__ . '/' . str_replace('\\', '/', $relative) . '.php';
    if (is_file($file)) {
        require $file;
    }
});

require_once __DIR__ . '/functions.php';
