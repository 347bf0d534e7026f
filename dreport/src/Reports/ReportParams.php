<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * Validated parameters of one report request. Only these typed values ever reach the
 * SQL builders: the period (dates), the scope (day/month, from a whitelist) and the
 * product group (an int). `groupName` is display-only text and never enters SQL.
 */
final class ReportParams
{
    public function __construct(
        public readonly ?Period $period,
        public readonly string $scope = Period::DAY,
        public readonly ?int $group = null,
        public readonly string $groupName = '',
    ) {
    }

    /** URL parameters reproducing these params (for links). @return array<string,string> */
    public function query(): array
    {
        $q = $this->period?->query() ?? [];
        if ($this->group !== null) {
            $q['g'] = (string) $this->group;
            if ($this->groupName !== '') {
                $q['gn'] = $this->groupName;
            }
        }
        return $q;
    }

    /** A positive int from the URL, else null ("12abc", "-1", "1e3" are not ids). */
    public static function id(mixed $v): ?int
    {
        if (!is_string($v) || !preg_match('/^[1-9]\d{0,8}$/', $v)) {
            return null;
        }
        return (int) $v;
    }

    /** "day" or "month" from the URL's `p`, else $default. */
    public static function scope(mixed $v, string $default = Period::DAY): string
    {
        return in_array($v, [Period::DAY, Period::MONTH], true) ? $v : $default;
    }
}
