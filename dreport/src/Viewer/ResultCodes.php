<?php

declare(strict_types=1);

namespace Dreport\Viewer;

/**
 * Maps a relay answer's `ResultCode` (http-api.md §1) to the text the phone user sees.
 * Only code 0 is success; every other code, a missing code or a non-numeric code is an
 * error with a message (the server's/client's own ResultMessage is shown as a detail).
 */
final class ResultCodes
{
    public const OK = 0;
    public const OFFLINE = 200;
    public const BUSY = 201;
    public const NO_ANSWER = 203;
    public const WRONG_PASSWORD = 1004;
    public const SQL_ERROR = 1007;
    public const EXPIRED = 1011;

    /** Codes with their own text; other 1000–1021 codes are "the shop's program reported N". */
    private const KNOWN = [100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 1004, 1007, 1011];

    /** @param array<string,mixed> $answer */
    public static function code(array $answer): int
    {
        $c = $answer['ResultCode'] ?? null;
        if (is_int($c)) {
            return $c;
        }
        if (is_string($c) && preg_match('/^-?\d{1,9}$/', $c)) {
            return (int) $c;
        }
        return -1;
    }

    /** @param array<string,mixed> $answer */
    public static function isSuccess(array $answer): bool
    {
        return self::code($answer) === self::OK;
    }

    public static function message(int $code, I18n $t): string
    {
        if (in_array($code, self::KNOWN, true)) {
            return $t->t('rc_' . $code);
        }
        if ($code >= 1000 && $code <= 1099) {
            return $t->t('rc_client', $code);
        }
        return $t->t('rc_unknown', $code);
    }

    /** The server's/client's own message as a detail line, when it adds anything. @param array<string,mixed> $answer */
    public static function detail(array $answer): ?string
    {
        $m = $answer['ResultMessage'] ?? null;
        if (!is_string($m) || trim($m) === '' || strtoupper(trim($m)) === 'OK') {
            return null;
        }
        return mb_substr(trim($m), 0, 500);
    }
}
