<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * One viewer report: its parameters, its Firebird SQL and its presentation, in one class.
 * Extend BaseReport (it gives the defaults); the Registry finds every concrete class in
 * this folder by itself, so adding a report = one class + its t_reports row (r_href = one
 * of pages(), e.g. `dayturnover.php`, or `report.php?r=<name>`).
 */
interface Report
{
    /** Name used in `report.php?r=`, in the relay path `/report/<name>/` and as t_reports.r_name. */
    public function name(): string;

    /** I18n key of the fallback title (t_reports' friendly name is preferred when present). */
    public function titleKey(): string;

    /**
     * The original site's page files this report answers (`dayturnover.php`); those URLs,
     * and catalogue rows whose r_href names them, open this report.
     *
     * @return list<string>
     */
    public function pages(): array;

    /** What the page does once the subscription has expired: Subscription::E_BLOCK, E_NAV or E_NONE. */
    public function expiry(): string;

    /** Validate the request; invalid values fall back to defaults (today, top level, page 1). */
    public function params(ReportRequest $rq): ReportParams;

    /**
     * The task's named queries, built only from validated values through Sql.
     *
     * @return array<string,string> dataset name => Firebird SQL
     */
    public function queries(ReportParams $p): array;

    /**
     * Display blocks (see templates/viewer/blocks.php) for an answer whose ResultCode is 0.
     * Read rows with Task::rows() (column keys upper-cased) and ReportView::num()/text().
     *
     * @param array<string,mixed> $answer
     * @return list<array<string,mixed>>
     */
    public function present(array $answer, ReportParams $p, ReportView $v): array;
}
