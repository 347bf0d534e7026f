<?php

declare(strict_types=1);

namespace Dreport\Viewer;

use Dreport\Db;
use Dreport\ObjectId;
use Dreport\Throttle;
use Dreport\Reports\BusinessDay;

/**
 * The objects (shops) a device may view: rows of `t_devices` for one `d_deviceid`.
 * Every read and write is scoped by the device id, so a device only ever sees and
 * changes its own rows, whatever object id a request names.
 */
final class DeviceObjects
{
    /**
     * A device link with its subscription and whether it is proven: the shop accepted the
     * link's CURRENT password hash once (t_device_verified), so a changed hash is unproven.
     */
    private const LINK_COLUMNS = 's.s_objectid, s.s_objectname, s.s_customername, s.s_expiredate, s.s_active,'
        . ' s.s_appdbtype, (v.dv_deviceid IS NOT NULL) AS proven';
    private const LINK_FROM = ' FROM t_devices d'
        . ' LEFT JOIN t_subscriptions s ON s.s_objectid = d.d_objectid'
        . ' LEFT JOIN t_device_verified v ON v.dv_deviceid = d.d_deviceid AND v.dv_objectid = d.d_objectid'
        . ' AND v.dv_pswd = d.d_objectpswd';

    public const NAME_MAX = 30;          // t_devices.d_objectname is varchar(30)
    /** d_timeoffset is the business-day offset, 0–8 h (Reports\BusinessDay). */
    public const OFFSET_MIN = BusinessDay::OFFSET_MIN;
    public const OFFSET_MAX = BusinessDay::OFFSET_MAX;

    public function __construct(private Db $db)
    {
    }

    /** A device id as the wrapper app sends it: 1–64 of [A-Za-z0-9._:@-], else null. */
    public static function validDeviceId(mixed $v): ?string
    {
        if (!is_string($v)) {
            return null;
        }
        $v = trim($v);
        return preg_match('/^[A-Za-z0-9._:@-]{1,64}$/', $v) ? $v : null;
    }

    /** An object id as typed (the one rule: Dreport\ObjectId), else null. */
    public static function validObjectId(mixed $v): ?string
    {
        return ObjectId::valid($v);
    }

    /** The user's label: control characters removed, trimmed; null when too long. */
    public static function cleanName(mixed $v): ?string
    {
        $v = is_string($v) ? trim((string) preg_replace('/[\x00-\x1F\x7F]/u', '', $v)) : '';
        if (!mb_check_encoding($v, 'UTF-8') || mb_strlen($v) > self::NAME_MAX) {
            return null;
        }
        return $v;
    }

    /** A business-day offset 0–8 ("3" or "+3"), else null. */
    public static function validOffset(mixed $v): ?int
    {
        return BusinessDay::validOffset($v);
    }

    /**
     * The device's objects with their subscription (NULL columns when the object is no
     * longer in t_subscriptions, or when the link is not proven yet: see conceal()).
     *
     * @return list<array<string,mixed>>
     */
    public function list(string $deviceId): array
    {
        $rows = $this->db->all(
            'SELECT d.d_id, d.d_objectid, d.d_objectname, d.d_timeoffset, ' . self::LINK_COLUMNS
            . self::LINK_FROM . ' WHERE d.d_deviceid = ? ORDER BY d.d_objectname, d.d_objectid',
            [$deviceId]
        );
        return array_map([self::class, 'conceal'], $rows);
    }

    /** @return array<string,mixed>|null the device's row for that object, with its subscription */
    public function find(string $deviceId, mixed $objectId): ?array
    {
        $id = self::validObjectId($objectId);
        if ($id === null) {
            return null;
        }
        $row = $this->db->one(
            'SELECT d.d_id, d.d_objectid, d.d_objectname, d.d_objectpswd, d.d_timeoffset, d.d_expensegroup, '
            . self::LINK_COLUMNS . self::LINK_FROM . ' WHERE d.d_deviceid = ? AND d.d_objectid = ?',
            [$deviceId, $id]
        );
        return $row === null ? null : self::conceal($row);
    }

    /**
     * Until the shop has accepted the link's password once (ObjectGuard), the viewer shows
     * nothing of the object but its id and what the user typed: its name and customer are
     * blanked here, for every page that reads a link, and the banner (Subscription::banner)
     * says "not confirmed" instead of the expiry. s_active/s_expiredate stay for the rules
     * that decide whether a report may run at all (the shop answers 1011 anyway).
     * `proven` becomes a bool.
     *
     * @param array<string,mixed> $row
     * @return array<string,mixed>
     */
    public static function conceal(array $row): array
    {
        $row['proven'] = (int) ($row['proven'] ?? 0) === 1;
        if (!$row['proven']) {
            foreach (['s_objectname', 's_customername'] as $col) {
                $row[$col] = null;
            }
        }
        return $row;
    }

    /**
     * Failed adds (unknown or inactive object) per window: a person who mistypes an ID a few
     * times is never stopped; a script probing which object IDs exist gets ADD_MAX_FAILED
     * answers per device and, since anyone can open a new device ID at will, ADD_MAX_FAILED_IP
     * per client address, per ADD_WINDOW_SEC, instead of one per request.
     */
    public const ADD_MAX_FAILED = 10;
    public const ADD_MAX_FAILED_IP = 30;
    public const ADD_WINDOW_SEC = 900;

    /**
     * Add an object to the device. The object must exist in t_subscriptions and be active;
     * the MD5 of its password is stored (that hash is what the shop's client checks).
     *
     * @param string $ip the client's address (App::clientIp), for the per-address limit
     * @return string the object id as stored in t_subscriptions
     * @throws RuleViolation
     */
    public function add(string $deviceId, mixed $objectId, mixed $password, mixed $name, string $ip): string
    {
        $id = self::validObjectId($objectId) ?? throw new RuleViolation('err_bad_object_id');
        if (!is_string($password) || $password === '') {
            throw new RuleViolation('err_password_required');
        }
        $label = self::cleanName($name) ?? throw new RuleViolation('err_bad_name');
        // Counted before the lookup (atomic, see Throttle), given back unless the object was
        // unknown or inactive: parallel probes cannot slip past the limits.
        $throttle = new Throttle($this->db);
        $keys = ['add:' . $deviceId => self::ADD_MAX_FAILED, 'add-ip:' . $ip => self::ADD_MAX_FAILED_IP];
        $over = false;
        foreach ($keys as $key => $max) {
            $over = $throttle->hit($key, self::ADD_WINDOW_SEC) > $max || $over;
        }
        if ($over) {
            throw new RuleViolation('err_add_locked');
        }
        $sub = $this->db->one(
            'SELECT s_objectid, s_active FROM t_subscriptions WHERE s_objectid = ?',
            [$id]
        );
        if ($sub === null) {
            throw new RuleViolation('err_unknown_object');
        }
        if ((int) $sub['s_active'] !== 1) {
            throw new RuleViolation('err_inactive_object');
        }
        foreach (array_keys($keys) as $key) {
            $throttle->release($key);
        }
        $canonical = (string) $sub['s_objectid'];
        if ($label === '') {
            // Not the object's name: nothing of the object shows before its password is proven.
            $label = $canonical;
        }
        $exists = $this->db->value(
            'SELECT COUNT(*) FROM t_devices WHERE d_deviceid = ? AND d_objectid = ?',
            [$deviceId, $canonical]
        );
        if ((int) $exists > 0) {
            throw new RuleViolation('err_duplicate');
        }
        try {
            $this->db->exec(
                'INSERT INTO t_devices (d_deviceid, d_objectname, d_objectid, d_objectpswd, d_timeoffset)
                 VALUES (?, ?, ?, ?, 0)',
                [$deviceId, $label, $canonical, md5($password)]
            );
        } catch (\PDOException $e) {
            if ((string) $e->getCode() === '23000') {
                throw new RuleViolation('err_duplicate'); // a concurrent add won the race
            }
            throw $e;
        }
        return $canonical;
    }

    /**
     * Rename, set the time offset and optionally replace the stored password hash.
     *
     * @throws RuleViolation
     */
    public function update(
        string $deviceId,
        mixed $objectId,
        mixed $name,
        mixed $offset,
        mixed $newPassword = null,
        mixed $expenseGroup = null
    ): void {
        $row = $this->find($deviceId, $objectId) ?? throw new RuleViolation('err_not_yours');
        $label = self::cleanName($name) ?? throw new RuleViolation('err_bad_name');
        if ($label === '') {
            $label = (string) $row['d_objectname'];
        }
        $off = self::validOffset($offset) ?? throw new RuleViolation('err_bad_offset');
        $sql = 'UPDATE t_devices SET d_objectname = ?, d_timeoffset = ?';
        $params = [$label, $off];
        if ($expenseGroup !== null && $expenseGroup !== '') {
            $sql .= ', d_expensegroup = ?';
            $params[] = self::validExpenseGroup($expenseGroup) ?? throw new RuleViolation('err_bad_expense_group');
        }
        if (is_string($newPassword) && $newPassword !== '') {
            $sql .= ', d_objectpswd = ?';
            $params[] = md5($newPassword);
        }
        $sql .= ' WHERE d_id = ? AND d_deviceid = ?';
        $params[] = (int) $row['d_id'];
        $params[] = $deviceId;
        $this->db->exec($sql, $params);
    }

    /** @throws RuleViolation when the object is not on this device */
    public function delete(string $deviceId, mixed $objectId): void
    {
        $row = $this->find($deviceId, $objectId) ?? throw new RuleViolation('err_not_yours');
        $this->db->exec('DELETE FROM t_devices WHERE d_id = ? AND d_deviceid = ?', [(int) $row['d_id'], $deviceId]);
    }

    /**
     * The consumables product group of the expense reports (t_devices.d_expensegroup): a
     * PLUES.PLU_GROUP_ID, 0–999999999 ("84"), else null.
     */
    public static function validExpenseGroup(mixed $v): ?int
    {
        if (is_int($v)) {
            $v = (string) $v;
        }
        if (!is_string($v) || !preg_match('/^(0|[1-9]\d{0,8})$/D', trim($v))) {
            return null;
        }
        return (int) trim($v);
    }

    /** The object's settings the reports read (Reports\ReportRequest::$settings). @return array<string,int> */
    public static function settings(array $row): array
    {
        return ['expense_group' => self::validExpenseGroup($row['d_expensegroup'] ?? null) ?? 84];
    }

    /** The object's business-day offset (0–8; anything else counts as 0). */
    public static function offset(array $row): int
    {
        return BusinessDay::offsetOf($row['d_timeoffset'] ?? 0);
    }

    /** The object's business "today": the shop's clock minus the business-day offset. */
    public static function today(array $row, ?\DateTimeImmutable $now = null): \DateTimeImmutable
    {
        return BusinessDay::today(self::offset($row), $now);
    }
}
