<?php

declare(strict_types=1);

namespace Dreport;

/**
 * IPv4/IPv6 address comparison with optional CIDR ranges, on binary forms so that
 * `::1`, `0:0::1` and IPv4-mapped IPv6 (`::ffff:127.0.0.1`) compare as equal.
 */
final class IpMatcher
{
    public static function normalize(string $ip): ?string
    {
        $ip = trim($ip);
        if (str_starts_with($ip, '[') && str_ends_with($ip, ']')) {
            $ip = substr($ip, 1, -1);
        }
        $pos = strpos($ip, '%');
        if ($pos !== false) {
            $ip = substr($ip, 0, $pos); // zone id
        }
        if (filter_var($ip, FILTER_VALIDATE_IP) === false) {
            return null;
        }
        $bin = inet_pton($ip);
        if ($bin === false) {
            return null;
        }
        if (strlen($bin) === 16 && str_starts_with($bin, str_repeat("\0", 10) . "\xff\xff")) {
            $bin = substr($bin, 12); // IPv4-mapped IPv6 → IPv4
        }
        return $bin;
    }

    /** Canonical text form, or null when not an IP address. */
    public static function canonical(string $ip): ?string
    {
        $bin = self::normalize($ip);
        return $bin === null ? null : (string) inet_ntop($bin);
    }

    /** `$rule` is an address or a CIDR (`10.0.0.0/8`, `fd00::/8`). */
    public static function matches(string $ip, string $rule): bool
    {
        $addr = self::normalize($ip);
        if ($addr === null) {
            return false;
        }
        $rule = trim($rule);
        $bits = null;
        if (str_contains($rule, '/')) {
            [$rule, $len] = explode('/', $rule, 2);
            if (!ctype_digit($len)) {
                return false;
            }
            $bits = (int) $len;
        }
        $net = self::normalize($rule);
        if ($net === null || strlen($net) !== strlen($addr)) {
            return false;
        }
        $max = strlen($net) * 8;
        if ($bits === null) {
            return hash_equals($net, $addr);
        }
        if ($bits < 0 || $bits > $max) {
            return false;
        }
        $bytes = intdiv($bits, 8);
        if (substr($net, 0, $bytes) !== substr($addr, 0, $bytes)) {
            return false;
        }
        $rem = $bits % 8;
        if ($rem === 0) {
            return true;
        }
        $mask = (0xff << (8 - $rem)) & 0xff;
        return (ord($net[$bytes]) & $mask) === (ord($addr[$bytes]) & $mask);
    }

    /** @param iterable<string> $rules */
    public static function matchesAny(string $ip, iterable $rules): bool
    {
        foreach ($rules as $rule) {
            if (self::matches($ip, (string) $rule)) {
                return true;
            }
        }
        return false;
    }
}
