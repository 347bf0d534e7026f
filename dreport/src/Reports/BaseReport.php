<?php

declare(strict_types=1);

namespace Dreport\Reports;

use Dreport\Viewer\Subscription;

/**
 * The shared base of every report (issue 12 point 7): a report class says only what is its
 * own. Defaults here:
 * - titleKey() = 'r_<name>' (add the texts to Viewer/I18n.php);
 * - pages() = [] (list the original page files, e.g. ['dayturnover.php']);
 * - expiry() = E-nav (override with Subscription::E_BLOCK / E_NONE as §A says);
 * - nav() = D1 (Period::D7, M, M1, NONE); params() = the period of that kind, already
 *   reset to today when the subscription has expired (E-nav);
 * - windows come from the Period (day(), lastDays(7), monthToDate(), monthsBack(3), …),
 *   and reach SQL only through Sql::window() / Sql::businessDay(), offset included.
 */
abstract class BaseReport implements Report
{
    public function titleKey(): string
    {
        return 'r_' . $this->name();
    }

    public function pages(): array
    {
        return [];
    }

    public function expiry(): string
    {
        return Subscription::E_NAV;
    }

    /** Navigation kind of the page's date (§0.5). */
    public function nav(): string
    {
        return Period::D1;
    }

    public function params(ReportRequest $rq): ReportParams
    {
        if ($this->nav() === Period::NONE) {
            return new ReportParams(null, Period::NONE);
        }
        return new ReportParams($rq->period($this->nav()), $this->nav());
    }

    /** The period of params that always have one (reports with a date). */
    protected static function period(ReportParams $p): Period
    {
        return $p->period ?? throw new \LogicException('this report needs a date');
    }
}
