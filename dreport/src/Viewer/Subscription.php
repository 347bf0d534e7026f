<?php

declare(strict_types=1);

namespace Dreport\Viewer;

/**
 * The subscription banner of the report list: password not proven yet (nothing of the
 * object is shown), unknown object, inactive, expired, expiring within 14 days, or fine.
 */
final class Subscription
{
    public const SOON_DAYS = 14;

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
        $exp = is_string($row['s_expiredate'] ?? null)
            ? \DateTimeImmutable::createFromFormat('!Y-m-d', substr((string) $row['s_expiredate'], 0, 10))
            : false;
        if ($exp === false) {
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
