<?php

/**
 * Global helpers for templates. Kept tiny: templates only render.
 */

declare(strict_types=1);

if (!function_exists('e')) {
    /**
     * Escape any value for HTML text and attribute context (UTF-8).
     * Customer and host names come from shops' PCs and are untrusted: always use this.
     */
    function e(mixed $value): string
    {
        if ($value === null) {
            return '';
        }
        if (is_bool($value)) {
            $value = $value ? '1' : '0';
        }
        return htmlspecialchars((string) $value, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
    }
}
