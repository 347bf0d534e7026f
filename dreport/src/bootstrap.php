<?php

/**
 * Common start of every front controller: safe error settings, then the autoloader.
 */

declare(strict_types=1);

require_once __DIR__ . '/autoload.php';

\Dreport\App::hardenRuntime();
