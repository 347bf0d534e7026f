<?php

declare(strict_types=1);

namespace Dreport\Admin;

/**
 * The logged-in operator with the permissions of their role, re-read from the database
 * on every request so a role change or a deleted account takes effect at once.
 */
final class User
{
    public const READ = 'read';
    public const WRITE = 'write';
    public const EDIT = 'edit';
    public const ADMIN = 'admin';

    /** @param array<string,bool> $perms */
    public function __construct(
        public readonly int $id,
        public readonly string $username,
        public readonly string $roleName,
        private array $perms,
    ) {
    }

    /** @param array<string,mixed> $row joined `user` + `role` row */
    public static function fromRow(array $row): self
    {
        $admin = (int) ($row['r_can_admin'] ?? 0) === 1;
        return new self((int) $row['a_id'], (string) $row['a_username'], (string) ($row['r_name'] ?? ''), [
            self::ADMIN => $admin,
            self::EDIT => $admin || (int) ($row['r_can_edit'] ?? 0) === 1,
            self::WRITE => $admin || (int) ($row['r_can_write'] ?? 0) === 1,
            self::READ => $admin || (int) ($row['r_can_read'] ?? 0) === 1,
        ]);
    }

    public function can(string $perm): bool
    {
        return $this->perms[$perm] ?? false;
    }
}
