<?php

declare(strict_types=1);

namespace Dreport\Items;

use Dreport\Db;

/**
 * The shop-operator login a device uses to change items of one object: the username in
 * t_devices.d_editUsername and the password ENCRYPTED ({@see SecretBox}) in
 * d_editPassword. Every read and write is scoped by the device id, like DeviceObjects.
 * The password is never logged, shown or written into an audit text; only this class and
 * the operator check ever see it in plain text.
 */
final class OperatorLogin
{
    public function __construct(private Db $db, private ?SecretBox $box)
    {
    }

    public function configured(): bool
    {
        return $this->box !== null;
    }

    /** The stored username (shown on the pages), or null. */
    public function username(string $deviceId, string $objectId): ?string
    {
        $v = $this->db->value(
            'SELECT d_editUsername FROM t_devices WHERE d_deviceid = ? AND d_objectid = ?',
            [$deviceId, $objectId]
        );
        return is_string($v) && $v !== '' ? $v : null;
    }

    /**
     * The login in plain text for the operator check, or null when none is stored or the
     * stored password cannot be decrypted with this site's key (e.g. a legacy row).
     *
     * @return array{username:string,password:string}|null
     */
    public function credentials(string $deviceId, string $objectId): ?array
    {
        if ($this->box === null) {
            return null;
        }
        $row = $this->db->one(
            'SELECT d_editUsername, d_editPassword FROM t_devices WHERE d_deviceid = ? AND d_objectid = ?',
            [$deviceId, $objectId]
        );
        $user = ItemValues::username($row['d_editUsername'] ?? null);
        if ($user === null) {
            return null;
        }
        $pass = $this->box->decrypt(is_string($row['d_editPassword'] ?? null) ? $row['d_editPassword'] : null);
        return $pass === null ? null : ['username' => $user, 'password' => $pass];
    }

    /** Store (replace) the login of the device's object; false when the row is not the device's. */
    public function save(string $deviceId, string $objectId, string $username, string $password): bool
    {
        if ($this->box === null) {
            throw new \LogicException('no DREPORT_SECRET_KEY configured');
        }
        $n = $this->db->exec(
            'UPDATE t_devices SET d_editUsername = ?, d_editPassword = ? WHERE d_deviceid = ? AND d_objectid = ?',
            [$username, $this->box->encrypt($password), $deviceId, $objectId]
        );
        return $n > 0 || $this->username($deviceId, $objectId) === $username;
    }

    public function clear(string $deviceId, string $objectId): void
    {
        $this->db->exec(
            'UPDATE t_devices SET d_editUsername = NULL, d_editPassword = NULL WHERE d_deviceid = ? AND d_objectid = ?',
            [$deviceId, $objectId]
        );
    }
}
