<?php

declare(strict_types=1);

namespace Dreport\Tests;

use Dreport\Config;
use Dreport\Db;

/**
 * A throw-away database on the private test MariaDB (DB_HOST/DB_PORT from run-tests.sh),
 * loaded with schema.sql and the demo seed through the `mariadb` command-line client,
 * exactly as an operator would load them.
 */
final class TestDatabase
{
    public readonly string $name;
    private ?Db $db = null;

    public function __construct(?string $name = null)
    {
        $this->name = $name ?? 'drt_' . bin2hex(random_bytes(6));
    }

    public static function available(): bool
    {
        return (getenv('DB_HOST') ?: '') !== '' && (getenv('DB_PORT') ?: '') !== '';
    }

    public static function root(): string
    {
        return dirname(__DIR__, 3);
    }

    /** @return array<string,string> */
    public function env(): array
    {
        return [
            'DB_HOST' => (string) getenv('DB_HOST'),
            'DB_PORT' => (string) getenv('DB_PORT'),
            'DB_USER' => (string) (getenv('DB_USER') ?: 'crs'),
            'DB_PASSWORD' => (string) (getenv('DB_PASSWORD') ?: 'crs'),
            'DB_NAME' => $this->name,
        ];
    }

    public function create(bool $seed = true): self
    {
        $this->cli('', 'CREATE DATABASE `' . $this->name . '` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
        $this->loadFile(self::root() . '/schema.sql');
        if ($seed) {
            $this->loadFile(self::root() . '/etc/demo-seed.sql');
        }
        return $this;
    }

    /** An empty database (for loading a dump the way an operator restores one). */
    public function createEmpty(): self
    {
        $this->cli('', 'CREATE DATABASE `' . $this->name . '` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
        return $this;
    }

    public function drop(): void
    {
        $this->db = null;
        $this->cli('', 'DROP DATABASE IF EXISTS `' . $this->name . '`');
    }

    public function loadFile(string $file): void
    {
        $this->cli($this->name, null, $file);
    }

    public function db(): Db
    {
        return $this->db ??= Db::fromConfig(new Config($this->env()));
    }

    private function cli(string $database, ?string $sql, ?string $file = null): void
    {
        $env = $this->env();
        $cmd = [
            'mariadb', '--no-defaults', '--protocol=TCP', '-h', $env['DB_HOST'], '-P', $env['DB_PORT'],
            '-u', $env['DB_USER'], '--default-character-set=utf8mb4',
        ];
        if ($database !== '') {
            $cmd[] = $database;
        }
        if ($sql !== null) {
            $cmd[] = '-e';
            $cmd[] = $sql;
        }
        $spec = [0 => $file !== null ? ['file', $file, 'r'] : ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']];
        $proc = proc_open($cmd, $spec, $pipes, null, ['MYSQL_PWD' => $env['DB_PASSWORD'], 'PATH' => getenv('PATH') ?: '/usr/bin:/bin']);
        if (!is_resource($proc)) {
            throw new \RuntimeException('cannot run mariadb client');
        }
        if (isset($pipes[0])) {
            fclose($pipes[0]);
        }
        $out = stream_get_contents($pipes[1]);
        $err = stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        $rc = proc_close($proc);
        if ($rc !== 0) {
            throw new \RuntimeException("mariadb failed ($rc): $err $out");
        }
    }
}
