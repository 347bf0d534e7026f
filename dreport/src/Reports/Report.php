<?php

declare(strict_types=1);

namespace Dreport\Reports;

use DateTimeImmutable;

/**
 * One viewer report: how its URL parameters are validated, which named queries (one per
 * dataset) its task carries, and how a successful answer becomes display blocks.
 * Each implementation keeps all of its Firebird SQL in that one class.
 */
interface Report
{
    /** Name used in the URL (`report.php?r=`), the relay path `/report/<name>/` and t_reports.r_name. */
    public function name(): string;

    /** I18n key of the fallback title (t_reports' friendly name is preferred when present). */
    public function titleKey(): string;

    /**
     * Validate the request's parameters; invalid values fall back to defaults (today, top level).
     *
     * @param array<string,mixed> $query
     */
    public function params(array $query, DateTimeImmutable $today): ReportParams;

    /**
     * The task's named queries, built only from validated values.
     *
     * @return array<string,string> dataset name => Firebird SQL
     */
    public function queries(ReportParams $p): array;

    /**
     * Display blocks (see templates/viewer/blocks.php) for an answer whose ResultCode is 0.
     *
     * @param array<string,mixed> $answer
     * @return list<array<string,mixed>>
     */
    public function present(array $answer, ReportParams $p, ReportView $v): array;
}
