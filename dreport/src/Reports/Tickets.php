<?php

declare(strict_types=1);

namespace Dreport\Reports;

use Dreport\Viewer\Subscription;

/**
 * Tickets and access cards (shop-reports.md A22, PAC_ACCESSLIST). A card is valid now when
 * it is not disabled and today / the current time (the shop PC's clock) lie within its
 * optional date and time limits. The Delphi zero date 30.12.1899 means "no limit" (the
 * original only hid it on screen; a card with that end date was counted as expired).
 */
abstract class Tickets extends BaseReport
{
    public const ZERO_DATE = '1899-12-30';

    public function expiry(): string
    {
        return Subscription::E_NONE;
    }

    public function nav(): string
    {
        return Period::NONE;
    }

    /** The where-clause of the cards `a` valid now. */
    protected static function validNow(): string
    {
        $zero = "'" . self::ZERO_DATE . "'";
        return 'a.PAC_DISABLED = 0'
            . ' and (a.PAC_VALIDFROMD is null or a.PAC_VALIDFROMD <= current_date)'
            . " and (a.PAC_VALIDTOD is null or a.PAC_VALIDTOD = $zero or a.PAC_VALIDTOD >= current_date)"
            . ' and (a.PAC_VALIDFROMT is null or a.PAC_VALIDFROMT <= current_time)'
            . ' and (a.PAC_VALIDTOT is null or a.PAC_VALIDTOT >= current_time)';
    }

    /** The owner shown: '' (sold at the POS) becomes 'POS'. */
    protected static function owner(): string
    {
        return "case when coalesce(a.PAC_OWNER, '') = '' then 'POS' else a.PAC_OWNER end";
    }

    /** A date/time value for display: null, '' and the zero date 30.12.1899 become "-". */
    public static function shown(mixed $v): string
    {
        if (!is_scalar($v)) {
            return '-';
        }
        $s = trim((string) $v);
        if ($s === '' || str_starts_with($s, '30.12.1899') || str_starts_with($s, self::ZERO_DATE)) {
            return '-';
        }
        return $s;
    }
}
