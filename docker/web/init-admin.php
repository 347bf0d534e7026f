<?php

/**
 * Creates the first admin-panel account from DREPORT_ADMIN_USER / DREPORT_ADMIN_PASSWORD
 * (docker/web/entrypoint.sh). A production database is initialised without the demo seed,
 * so without this nobody could log in. An existing account is never changed.
 * Exit 0 on success or nothing to do, 1 when the database cannot be reached.
 */

declare(strict_types=1);

$env = static fn (string $k, string $d = ''): string => (($v = getenv($k)) === false || $v === '') ? $d : $v;

$user = $env('DREPORT_ADMIN_USER', 'admin');
$password = $env('DREPORT_ADMIN_PASSWORD');
if ($password === '') {
    exit(0);
}

try {
    $pdo = new PDO(
        sprintf('mysql:host=%s;port=%d;dbname=%s;charset=utf8mb4', $env('DB_HOST', 'db'), (int) $env('DB_PORT', '3306'), $env('DB_NAME', 'dreports')),
        $env('DB_USER', 'dreports'),
        $env('DB_PASSWORD'),
        [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]
    );
    $pdo->exec("INSERT IGNORE INTO role (r_id, r_name, r_can_admin, r_can_write, r_can_edit, r_can_read) VALUES
        (1, 'Reader', 0, 0, 0, 1), (2, 'Author', 0, 1, 0, 1), (3, 'Editor', 0, 1, 1, 1), (4, 'Admin', 1, 1, 1, 1)");
    $q = $pdo->prepare('SELECT COUNT(*) FROM `user` WHERE a_username = ?');
    $q->execute([$user]);
    if ((int) $q->fetchColumn() > 0) {
        exit(0);
    }
    $ins = $pdo->prepare(
        "INSERT INTO `user` (a_role_id, a_username, a_password, a_first_name, a_last_name)
         SELECT r_id, ?, ?, 'Admin', '' FROM role WHERE r_can_admin = 1 ORDER BY r_id LIMIT 1"
    );
    $ins->execute([$user, password_hash($password, PASSWORD_DEFAULT)]);
    fwrite(STDERR, "dreport: created admin account '{$user}'\n");
    exit(0);
} catch (PDOException $e) {
    fwrite(STDERR, 'dreport: init-admin: ' . $e->getMessage() . "\n");
    exit(1);
}
