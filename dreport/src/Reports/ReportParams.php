<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * Validated parameters of one report request. Only these typed values ever reach the SQL
 * builders: the period (date, navigation kind, business-day offset), a group id, and
 * report-specific validated values in $extra (ints, whitelisted strings). `groupName` and
 * string extras meant for display never enter SQL.
 */
final class ReportParams
{
    /** @param array<string,int|string|float|bool> $extra */
    public function __construct(
        public readonly ?Period $period,
        public readonly string $scope = Period::D1,
        public readonly ?int $group = null,
        public readonly string $groupName = '',
        public readonly array $extra = [],
    ) {
    }

    /** Same params plus report-specific values. @param array<string,int|string|float|bool> $extra */
    public function with(array $extra): self
    {
        return new self($this->period, $this->scope, $this->group, $this->groupName, $extra + $this->extra);
    }

    public function get(string $key, int|string|float|bool|null $default = null): int|string|float|bool|null
    {
        return $this->extra[$key] ?? $default;
    }

    /**
     * URL parameters reproducing these params (for links): `date`, the group as `gid` and
     * `gname` (the original site's names), and every extra whose key does not start with
     * `_` (internal values start with `_`).
     *
     * @return array<string,string>
     */
    public function query(): array
    {
        $q = $this->period?->query() ?? [];
        if ($this->group !== null) {
            $q['gid'] = (string) $this->group;
            if ($this->groupName !== '') {
                $q['gname'] = $this->groupName;
            }
        }
        foreach ($this->extra as $k => $v) {
            if (!str_starts_with($k, '_')) {
                $q[$k] = is_bool($v) ? ($v ? '1' : '0') : (string) $v;
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
}
