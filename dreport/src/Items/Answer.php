<?php

declare(strict_types=1);

namespace Dreport\Items;

/**
 * Reading the shop's answer: column names are looked up case-insensitively (the client
 * upper-cases them), numbers may arrive as JSON numbers or strings, and the Delphi zero
 * date / JSON null both mean "empty".
 */
final class Answer
{
    /** @param array<string,mixed> $row */
    public static function col(array $row, string $name): mixed
    {
        if (array_key_exists($name, $row)) {
            return $row[$name];
        }
        foreach ($row as $k => $v) {
            if (is_string($k) && strcasecmp($k, $name) === 0) {
                return $v;
            }
        }
        return null;
    }

    /** @param array<string,mixed> $row */
    public static function int(array $row, string $name): ?int
    {
        $v = self::col($row, $name);
        if (is_int($v)) {
            return $v;
        }
        if (is_float($v) && floor($v) === $v) {
            return (int) $v;
        }
        if (is_string($v) && preg_match('/^-?\d{1,18}$/', trim($v))) {
            return (int) trim($v);
        }
        return null;
    }

    /** @param array<string,mixed> $row */
    public static function text(array $row, string $name): string
    {
        $v = self::col($row, $name);
        return is_scalar($v) ? trim((string) $v) : '';
    }

    /** A money value with 2 decimals (or up to 4 when it has them), `.` as separator. */
    public static function money(mixed $v): string
    {
        if (!is_numeric($v)) {
            return '';
        }
        $s = number_format((float) $v, 4, '.', '');
        $s = rtrim($s, '0');
        [$i, $d] = explode('.', $s) + [1 => ''];
        return $i . '.' . str_pad($d, 2, '0');
    }

    /** A DATE/TIME value for display: empty for null and the Delphi zero date. */
    public static function dateText(mixed $v): string
    {
        if (!is_string($v)) {
            return '';
        }
        $v = trim($v);
        return str_starts_with($v, '30.12.1899') || str_starts_with($v, '1899-12-30') ? '' : $v;
    }
}
