<?php

declare(strict_types=1);

namespace Dreport\Tests;

/**
 * A private Firebird shop database for tests: a file in a temporary folder, opened with
 * isql-fb in embedded mode with the private Firebird home of scripts/shop-db.sh (own
 * firebird.conf, lock and tmp folders; no server, nothing system-wide touched),
 * created from the project's shop DDL (etc/shopdb/schema.sql) with WIN1251 as its
 * character set and UTF8 as the connection's, like the shops.
 */
final class IsqlShop
{
    private string $dir;
    public readonly string $file;

    private function __construct()
    {
        $this->dir = (string) tempnam(getenv('DREPORT_TEST_TMP') ?: sys_get_temp_dir(), 'itmfb');
        unlink($this->dir);
        mkdir($this->dir, 0700, true);
        $this->file = $this->dir . '/shop.fdb';
    }

    public static function available(): ?string
    {
        if (!is_executable('/usr/bin/isql-fb') || !is_executable('/usr/bin/gfix')) {
            return 'isql-fb (firebird3.0-utils) is not installed';
        }
        if (!is_file(TestDatabase::root() . '/etc/shopdb/schema.sql')) {
            return 'etc/shopdb/schema.sql is missing';
        }
        return null;
    }

    public static function create(): self
    {
        $s = new self();
        // The shop's private Firebird home (own firebird.conf, lock and tmp folders).
        $s->exec(['bash', TestDatabase::root() . '/scripts/shop-db.sh', 'home', $s->dir]);
        $s->run("CREATE DATABASE '" . $s->file . "' USER 'SYSDBA' DEFAULT CHARACTER SET WIN1251;\n", false);
        // A throw-away test file: no fsync per page write (schema load 12 s -> 1 s).
        $s->exec(['/usr/bin/gfix', '-write', 'async', '-user', 'SYSDBA', $s->file]);
        $s->run((string) file_get_contents(TestDatabase::root() . '/etc/shopdb/schema.sql'));
        return $s;
    }

    /** Runs a script (statements end with `;`); throws with isql's output on any error. */
    public function run(string $script, bool $attach = true): string
    {
        $cmd = ['/usr/bin/isql-fb', '-q', '-bail', '-user', 'SYSDBA', '-ch', 'UTF8'];
        if ($attach) {
            $cmd[] = $this->file;
        }
        return $this->exec($cmd, $script . "\nCOMMIT;\nEXIT;\n");
    }

    /** @param list<string> $cmd */
    private function exec(array $cmd, string $stdin = ''): string
    {
        $env = getenv();
        $env['FIREBIRD'] = $this->dir . '/fbhome/root';
        $env['FIREBIRD_LOCK'] = $this->dir . '/fbhome/lock';
        $env['FIREBIRD_TMP'] = $this->dir . '/fbhome/tmp';
        $env['LANG'] = $env['LC_ALL'] = 'C.UTF-8';
        $p = proc_open($cmd, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, $this->dir, $env);
        if (!is_resource($p)) {
            throw new \RuntimeException('cannot start ' . $cmd[0]);
        }
        fwrite($pipes[0], $stdin);
        fclose($pipes[0]);
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        $rc = proc_close($p);
        if ($rc !== 0 || trim($err) !== '') {
            throw new \RuntimeException(basename($cmd[0]) . " failed ($rc): $err\n$out");
        }
        return $out;
    }

    /**
     * Rows of a query as lists of strings (NULL as null), through a `|`-joined text column
     * whose parts the test chooses.
     *
     * @return list<string>
     */
    public function lines(string $select): array
    {
        $out = $this->run("SET HEADING OFF;\n" . $select . ";\n");
        $lines = array_map('rtrim', explode("\n", $out));
        return array_values(array_filter($lines, static fn (string $l): bool => $l !== ''));
    }

    /**
     * Several queries in one isql run (one engine start): the lines of each.
     *
     * @param array<string,string> $selects name => query
     * @return array<string,list<string>>
     */
    public function many(array $selects): array
    {
        $script = "SET HEADING OFF;\n";
        foreach ($selects as $name => $sql) {
            $script .= "SELECT '#=" . $name . "' FROM RDB\$DATABASE;\n" . $sql . ";\n";
        }
        $out = [];
        $cur = null;
        foreach (explode("\n", $this->run($script)) as $l) {
            $l = rtrim($l);
            if (str_starts_with($l, '#=')) {
                $cur = substr($l, 2);
                $out[$cur] = [];
            } elseif ($l !== '' && $cur !== null) {
                $out[$cur][] = $l;
            }
        }
        return $out;
    }

    public function drop(): void
    {
        $this->exec(['bash', TestDatabase::root() . '/scripts/shop-db.sh', 'drop', $this->dir]);
    }
}
