<?php

declare(strict_types=1);

namespace Dreport;

/**
 * Writes events to `t_statistics`, honouring `t_settings.log_level`:
 * 1 = REST calls and errors, 2 = + object events, 3 = everything.
 * Admin-panel changes (codes 101–199) are an audit trail and are written at every level
 * except 0 ("none" means none).
 */
final class Audit
{
    public const START_APP = 0;
    public const START_REPORT = 1;
    public const ADD_OBJECT = 2;
    public const DELETE_OBJECT = 3;
    public const REST_CALL = 4;
    public const ERROR = 5;
    public const LOGIN = 101;
    public const USER_ADD = 105;
    public const USER_EDIT = 106;
    public const USER_DELETE = 107;
    public const ROLE_ADD = 110;
    public const ROLE_EDIT = 111;
    public const ROLE_DELETE = 112;
    public const RESTIP_ADD = 115;
    public const RESTIP_EDIT = 116;
    public const RESTIP_DELETE = 117;
    public const SETTINGS_ADD = 120;
    public const SETTINGS_EDIT = 121;
    public const SETTINGS_DELETE = 122;
    public const DEVICE_ADD = 125;
    public const DEVICE_EDIT = 126;
    public const DEVICE_DELETE = 127;
    public const REPORT_ADD = 130;
    public const REPORT_EDIT = 131;
    public const REPORT_DELETE = 132;
    public const SUBSCRIPTION_EDIT = 136;
    public const SUBSCRIPTION_DELETE = 137;
    public const UPDATE_UPLOAD = 140;
    public const UPDATE_DELETE = 141;
    public const LOGIN_FAILED = 142;
    /** Alert: wrong object passwords through the viewer crossed a limit (Viewer\ObjectGuard). */
    public const OBJECT_PASSWORD_GUESSING = 143;
    /** An item changed from the phone (items.php): device, object, item, from -> to. */
    public const ITEM_CHANGE = 150;
    /** An item change refused (CSRF, not the device's object, operator, branch, subscription, shop error). */
    public const ITEM_REFUSED = 151;
    /** The device's shop-operator login for item changes set or removed (never the password). */
    public const OPERATOR_LOGIN = 152;

    public function __construct(private Db $db, private Settings $settings)
    {
    }

    /** Minimum log_level at which an event type is written. */
    public static function requiredLevel(int $opertype): int
    {
        return match (true) {
            // An alarm is written whatever the log level: it is what the dashboard warns with.
            $opertype === self::OBJECT_PASSWORD_GUESSING => 0,
            $opertype === self::REST_CALL, $opertype === self::ERROR => 1,
            $opertype >= 101 && $opertype <= 199 => 1, // admin changes and item changes: audit trail
            in_array($opertype, [self::ADD_OBJECT, self::DELETE_OBJECT], true) => 2,
            default => 3,
        };
    }

    /** Returns true when a row was written. Never throws: auditing must not break a request. */
    public function log(int $opertype, string $operid, string $description): bool
    {
        try {
            if ($this->settings->logLevel() < self::requiredLevel($opertype)) {
                return false;
            }
            $this->db->exec(
                'INSERT INTO t_statistics (s_opertype, s_operid, s_datetime, s_description) VALUES (?, ?, NOW(), ?)',
                [$opertype, mb_substr($operid, 0, 30), mb_substr($description, 0, 1024)]
            );
            return true;
        } catch (\Throwable $e) {
            error_log('dreport audit failed: ' . $e->getMessage());
            return false;
        }
    }
}
