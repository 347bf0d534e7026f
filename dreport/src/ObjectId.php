<?php

declare(strict_types=1);

namespace Dreport;

/**
 * The one object-ID rule of every face (viewer, admin, REST API): 1–20 letters and digits
 * (t_subscriptions.s_objectid is varchar(20); production ids are 8 hex digits).
 */
final class ObjectId
{
    /** The trimmed id when valid, else null. */
    public static function valid(mixed $v): ?string
    {
        if (!is_string($v)) {
            return null;
        }
        $v = trim($v);
        return preg_match('/^[A-Za-z0-9]{1,20}$/', $v) ? $v : null;
    }

    public static function isValid(mixed $v): bool
    {
        return is_string($v) && preg_match('/^[A-Za-z0-9]{1,20}$/', $v) === 1;
    }
}
