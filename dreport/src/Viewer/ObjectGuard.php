<?php

declare(strict_types=1);

namespace Dreport\Viewer;

use Dreport\Audit;
use Dreport\Db;
use Dreport\ReportServerClient;
use Dreport\Reports\Task;
use Dreport\Throttle;

/**
 * Object passwords against guessing through the viewer.
 *
 * A device link (t_devices row) stores the MD5 of an object password that nobody has
 * checked: only the shop's client does, when a report comes back with 1004 (wrong
 * password) or 0. Without limits, "add the object, open a report, change the password,
 * open it again" guesses a shop's password at the speed of the relay. So:
 *
 * - a link is **proven** once a report through it succeeded with its current password
 *   hash (t_device_verified); a changed hash is unproven again. Before that the viewer
 *   shows nothing of the object but what the user typed (see DeviceObjects::conceal);
 * - relays through unproven links are counted per device and per object BEFORE they go
 *   out (atomic, {@see Throttle}); attempts that did not end in 1004 are given back. Over
 *   MAX_PER_DEVICE / MAX_PER_OBJECT wrong passwords in WINDOW_SEC, unproven links of that
 *   device or object get no relay and no new password until the window ends; proven links
 *   (the shop's real users) keep working;
 * - crossing a limit writes one alert row (type 143) to the admin event log.
 */
final class ObjectGuard
{
    public const MAX_PER_DEVICE = 5;
    public const MAX_PER_OBJECT = 10;
    public const WINDOW_SEC = 900;

    private Throttle $throttle;
    /** @var array{0:int,1:int} this request's attempt numbers from begin() (device, object) */
    private array $counts = [0, 0];

    public function __construct(private Db $db, private Audit $audit)
    {
        $this->throttle = new Throttle($db);
    }

    /** Seconds the device or the object stays locked for unproven links (0 = free). */
    public function lockedFor(string $deviceId, string $objectId): int
    {
        return max(
            $this->throttle->lockedFor(self::deviceKey($deviceId), self::MAX_PER_DEVICE, self::WINDOW_SEC),
            $this->throttle->lockedFor(self::objectKey($objectId), self::MAX_PER_OBJECT, self::WINDOW_SEC)
        );
    }

    /**
     * A task through a device link, guarded: the link's password hash goes into the task, an
     * unproven link's attempt is counted before the relay and settled after it. Null when the
     * device or the object is locked for unproven links (nothing was sent).
     *
     * @param array<string,mixed> $row DeviceObjects::find() row
     * @param array<string,string> $queries dataset name => SQL
     * @return array<string,mixed>|null the shop's answer
     */
    public function relay(
        ReportServerClient $server,
        string $deviceId,
        array $row,
        string $name,
        array $queries,
        string $ip
    ): ?array {
        if (!$this->begin($deviceId, $row)) {
            return null;
        }
        $oid = (string) $row['d_objectid'];
        $answer = $server->relay($name, $oid, Task::build($oid, (string) ($row['d_objectpswd'] ?? ''), $queries));
        $this->finish($deviceId, $row, ResultCodes::code($answer), $ip);
        return $answer;
    }

    /**
     * Before a relay through a link: true = go ahead. A proven link always may; an unproven
     * one takes an attempt from both counters and may only while both are within limits.
     *
     * @param array<string,mixed> $row DeviceObjects::find() row (d_objectid, proven)
     */
    private function begin(string $deviceId, array $row): bool
    {
        if (!empty($row['proven'])) {
            return true;
        }
        $oid = (string) $row['d_objectid'];
        $byDevice = $this->throttle->hit(self::deviceKey($deviceId), self::WINDOW_SEC);
        $byObject = $this->throttle->hit(self::objectKey($oid), self::WINDOW_SEC);
        $this->counts = [$byDevice, $byObject];
        if ($byDevice <= self::MAX_PER_DEVICE && $byObject <= self::MAX_PER_OBJECT) {
            return true;
        }
        // Refused: the attempt never reached the shop, so it is not a guess.
        $this->throttle->release(self::deviceKey($deviceId));
        $this->throttle->release(self::objectKey($oid));
        return false;
    }

    /**
     * After the relay: 0 proves an unproven link (a proven one stays as it is: its stored hash
     * is the current one, that is what proven means); 1004 keeps the counted attempt (and
     * unproves a link whose shop changed its password); anything else (offline, busy, …)
     * gives the attempt back.
     *
     * @param array<string,mixed> $row the same row as for begin()
     */
    private function finish(string $deviceId, array $row, int $code, string $ip): void
    {
        $oid = (string) $row['d_objectid'];
        if (!empty($row['proven'])) {
            if ($code === ResultCodes::WRONG_PASSWORD) {
                $this->db->exec(
                    'DELETE FROM t_device_verified WHERE dv_deviceid = ? AND dv_objectid = ?',
                    [$deviceId, $oid]
                );
            }
            return;
        }
        if ($code === ResultCodes::WRONG_PASSWORD) {
            $this->alertIfCrossed($deviceId, $oid, $ip);
            return;
        }
        $this->throttle->release(self::deviceKey($deviceId));
        $this->throttle->release(self::objectKey($oid));
        if ($code === ResultCodes::OK) {
            // Record that the shop accepted this password hash for this device link.
            $this->db->exec(
                'INSERT INTO t_device_verified (dv_deviceid, dv_objectid, dv_pswd, dv_verified_at) VALUES (?, ?, ?, NOW())'
                . ' ON DUPLICATE KEY UPDATE dv_pswd = VALUES(dv_pswd), dv_verified_at = NOW()',
                [$deviceId, $oid, (string) ($row['d_objectpswd'] ?? '')]
            );
        }
    }

    private function alertIfCrossed(string $deviceId, string $oid, string $ip): void
    {
        // The attempt numbers come from begin()'s atomic counters: exactly the request
        // whose wrong password reached a limit reports it (once per window).
        foreach (
            [
                [$this->counts[0], self::MAX_PER_DEVICE, 'device ' . $deviceId],
                [$this->counts[1], self::MAX_PER_OBJECT, 'object ' . $oid],
            ] as [$n, $max, $what]
        ) {
            if ($n !== $max) {
                continue;
            }
            $this->audit->log(
                Audit::OBJECT_PASSWORD_GUESSING,
                $oid,
                sprintf(
                    '%d wrong passwords for %s within %d min (last: device %s, object %s, from %s);'
                    . ' its unproven links are locked until the window ends',
                    $max,
                    $what,
                    intdiv(self::WINDOW_SEC, 60),
                    $deviceId,
                    $oid,
                    $ip
                )
            );
        }
    }

    private static function deviceKey(string $deviceId): string
    {
        return 'objpw-device:' . $deviceId;
    }

    private static function objectKey(string $objectId): string
    {
        return 'objpw-object:' . strtolower($objectId);
    }
}
