<?php

declare(strict_types=1);

namespace Dreport\Viewer;

/**
 * Maps a relay answer's `ResultCode` (http-api.md §1, shop-reports.md §D) to the text the
 * phone user sees. Only code 0 is success. Codes with their own text: the server's 100–103
 * and 200–205, the client's 1000–1011 and 1020 (and 1030/1031, the time and size bounds of
 * this project's bos-client); 1021 and every other code (also a missing
 * or non-numeric one) is "System error (code N)". The server's/client's own ResultMessage
 * is shown as a detail line.
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

    /** Codes with their own text (I18n rc_<code>). */
    public const KNOWN = [
        100, 101, 102, 103, 200, 201, 202, 203, 204, 205,
        1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1020,
        1030, 1031, // this project's bos-client: query timeout, answer too large
    ];

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
        return $t->t('rc_system', $code);
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
