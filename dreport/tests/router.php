<?php

/**
 * Router for `php -S` in the tests: the same router as `make run` (scripts/run-router.php),
 * so the tests exercise the allow-list, the masked access log and the redirect of `/` that a
 * newcomer's `make run` serves. Start php -S with -q and the repository root as document root.
 */

declare(strict_types=1);

return require dirname(__DIR__, 2) . '/scripts/run-router.php';
