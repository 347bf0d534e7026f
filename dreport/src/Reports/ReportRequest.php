<?php

declare(strict_types=1);

namespace Dreport\Reports;

use DateTimeImmutable;

/**
 * What a report's params() may look at: the raw query (to validate, never to paste), the
 * object's business "today" and business-day offset, and whether navigation is allowed
 * (false when the subscription has expired and the report is E-nav: then params() must
 * ignore date and drill-down parameters; BaseReport does).
 */
final class ReportRequest
{
    /** @param array<string,mixed> $query */
    public function __construct(
        public readonly array $query,
        public readonly DateTimeImmutable $today,
        public readonly int $offset = 0,
        public readonly bool $canNavigate = true,
        public readonly string $objectId = '',
        /** Per-object settings from the object's t_devices row, e.g. 'expense_group' (int). @var array<string,int|string> */
        public readonly array $settings = [],
    ) {
    }

    /** The query, or [] when navigation is not allowed. @return array<string,mixed> */
    public function navQuery(): array
    {
        return $this->canNavigate ? $this->query : [];
    }

    /** A period of the given kind from `date` (today when navigation is not allowed). */
    public function period(string $kind): Period
    {
        return Period::fromQuery($kind, $this->navQuery(), $this->today, $this->offset);
    }

    /** A positive int parameter (ids, page numbers), else null. */
    public function id(string $key): ?int
    {
        return ReportParams::id($this->query[$key] ?? null);
    }

    /** Display-only text from the URL (never for SQL): control characters removed, at most $max characters. */
    public function label(string $key, int $max = 60): string
    {
        $v = $this->query[$key] ?? null;
        if (!is_string($v) || !mb_check_encoding($v, 'UTF-8')) {
            return '';
        }
        return mb_substr(trim((string) preg_replace('/[\x00-\x1F\x7F]/u', '', $v)), 0, $max);
    }
}
