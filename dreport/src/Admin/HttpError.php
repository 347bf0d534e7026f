<?php

declare(strict_types=1);

namespace Dreport\Admin;

/**
 * Thrown by pages to stop with an error page (403 missing permission or bad CSRF token,
 * 404 unknown record, 400 bad input). The message is shown to the user: keep it plain.
 */
final class HttpError extends \RuntimeException
{
    public function __construct(public readonly int $status, string $message)
    {
        parent::__construct($message);
    }
}
