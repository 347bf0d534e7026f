<?php

declare(strict_types=1);

namespace Dreport\Viewer;

/**
 * The subscription-state rule, used by the viewer and the admin panel alike:
 * a subscription is expired when its s_expiredate (the last valid day) is before today;
 * SQL_EXPIRED / SQL_VALID say the same in MySQL for lists and counters.
 *
 * What a report page does once expired (shop-reports.md §0.5) is the report's expiry():
 * - E_BLOCK: a warning with the expiry date and an EXIT button; no query is sent;
 * - E_NAV: the report runs for today, but date navigation and drill-down are disabled
 *   (and ignored on the server) with that warning;
 * - E_NONE: no check.
 * An inactive (s_active = 0) or unknown subscription counts as expired for this rule.
 *
 * The banner of the report list: password not proven yet (nothing of the object is
 * shown), unknown object, inactive, expired, expiring within 14 days, or fine.
 */
final class Subscription
{
    public const SOON_DAYS = 14;
    public const E_BLOCK = 'E-block';
    public const E_NAV = 'E-nav';
    public const E_NONE = 'E-none';
    /** MySQL: the subscription row (columns s_*) has expired. */
    public const SQL_EXPIRED = 's_expiredate < CURDATE()';
    /** MySQL: active and not expired. */
    public const SQL_VALID = '(s_active = 1 AND s_expiredate >= CURDATE())';
    /** MySQL: expires within SOON_DAYS (14) days, today included. */
    public const SQL_EXPIRING = '(s_expiredate BETWEEN CURDATE() AND DATE_ADD(CURDATE(), INTERVAL 14 DAY))';

    /** The date rule alone: the expiry date (last valid day) is before today; a missing date counts as expired. */
    public static function expiredOn(mixed $expiredate, \DateTimeImmutable $today): bool
    {
        $exp = self::expiry(['s_expiredate' => $expiredate]);
        return $exp === null || $exp < $today->setTime(0, 0);
    }

    /** The expiry date of a row (last valid day), or null when missing/garbled. */
    public static function expiry(?array $row): ?\DateTimeImmutable
    {
        $v = $row['s_expiredate'] ?? null;
        if (!is_string($v)) {
            return null;
        }
        $d = \DateTimeImmutable::createFromFormat('!Y-m-d', substr($v, 0, 10));
        return $d === false ? null : $d;
    }

    /** True when reports must treat the object as expired (expired, inactive or unknown). */
    public static function isExpired(?array $row, \DateTimeImmutable $today): bool
    {
        if ($row === null || ($row['s_objectid'] ?? null) === null || (int) ($row['s_active'] ?? 0) !== 1) {
            return true;
        }
        return self::expiredOn($row['s_expiredate'] ?? null, $today);
    }

    /** The warning a blocked page or navigation shows. */
    public static function warning(?array $row, I18n $t): string
    {
        $exp = self::expiry($row);
        if ($row === null || ($row['s_objectid'] ?? null) === null) {
            return $t->t('sub_unknown');
        }
        if ((int) ($row['s_active'] ?? 0) !== 1) {
            return $t->t('sub_inactive');
        }
        return $t->t('sub_expired_on', $exp === null ? '?' : $exp->format('d.m.Y'));
    }

    /**
     * @param array<string,mixed>|null $row a row with s_objectid, s_expiredate, s_active (s_objectid NULL = unknown)
     * @return array{state:string, class:string, text:string}
     */
    public static function banner(?array $row, \DateTimeImmutable $today, I18n $t): array
    {
        if ($row !== null && ($row['proven'] ?? true) === false) {
            return ['state' => 'unverified', 'class' => 'warn', 'text' => $t->t('sub_unverified')];
        }
        if ($row === null || ($row['s_objectid'] ?? null) === null) {
            return ['state' => 'unknown', 'class' => 'error', 'text' => $t->t('sub_unknown')];
        }
        if ((int) ($row['s_active'] ?? 0) !== 1) {
            return ['state' => 'inactive', 'class' => 'error', 'text' => $t->t('sub_inactive')];
        }
        $exp = self::expiry($row);
        if ($exp === null) {
            return ['state' => 'unknown', 'class' => 'error', 'text' => $t->t('sub_unknown')];
        }
        $today = $today->setTime(0, 0);
        $shown = $exp->format('d.m.Y');
        if ($exp < $today) {
            return ['state' => 'expired', 'class' => 'error', 'text' => $t->t('sub_expired', $shown)];
        }
        $days = (int) $today->diff($exp)->days;
        if ($days === 0) {
            return ['state' => 'soon', 'class' => 'warn', 'text' => $t->t('sub_expires_today')];
        }
        if ($days <= self::SOON_DAYS) {
            return ['state' => 'soon', 'class' => 'warn', 'text' => $t->t('sub_expires_soon', $shown, $days)];
        }
        return ['state' => 'ok', 'class' => 'ok', 'text' => $t->t('sub_ok', $shown)];
    }
}
