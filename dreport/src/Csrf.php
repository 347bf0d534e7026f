<?php

declare(strict_types=1);

namespace Dreport;

/**
 * Synchroniser-token CSRF protection: one random token per session, sent back in every
 * state-changing form as `csrf` and compared in constant time.
 */
final class Csrf
{
    private const KEY = '_csrf';

    public static function token(): string
    {
        if (empty($_SESSION[self::KEY]) || !is_string($_SESSION[self::KEY])) {
            $_SESSION[self::KEY] = bin2hex(random_bytes(32));
        }
        return $_SESSION[self::KEY];
    }

    public static function field(): string
    {
        return '<input type="hidden" name="csrf" value="' . e(self::token()) . '">';
    }

    public static function valid(mixed $submitted): bool
    {
        $expected = $_SESSION[self::KEY] ?? null;
        return is_string($expected) && $expected !== '' && is_string($submitted)
            && hash_equals($expected, $submitted);
    }
}
