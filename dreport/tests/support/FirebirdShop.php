<?php

declare(strict_types=1);

namespace Dreport\Tests;

/**
 * A throw-away shop database for tests: a real Firebird database file in a temporary folder,
 * created from the shop DDL of this repository (etc/shopdb/schema.sql, WIN1251 like the shops)
 * and opened with isql-fb in embedded mode through the private Firebird home that
 * scripts/shop-db.sh makes (own firebird.conf, lock and tmp folders): no server, no port,
 * nothing system-wide touched. drop() removes the folder.
 *
 * Two ways to read it back:
 * - query() / queries() / value(): rows with the values as the shops' client sends them
 *   (§D of the answer format): DATE as dd.mm.yyyy, TIMESTAMP as dd.mm.yyyy hh:mm:ss, numbers
 *   as numbers, NULL as null (for checking a report's SQL against the answer it would get);
 * - lines() / many(): isql's text lines, for independent checks that build their own
 *   `|`-joined columns.
 * A Firebird error throws with isql's message, so a statement Firebird rejects fails its test.
 */
final class FirebirdShop
{
    public readonly string $dir;
    public readonly string $file;

    private function __construct()
    {
        $this->dir = (getenv('DREPORT_TEST_TMP') ?: sys_get_temp_dir()) . '/drfb_' . bin2hex(random_bytes(6));
        mkdir($this->dir, 0700, true);
        $this->file = $this->dir . '/shop.fdb';
    }

    /** The shop DDL: etc/shopdb/schema.sql (SHOP_SCHEMA_SQL may point at another copy). */
    public static function schemaFile(): string
    {
        $override = getenv('SHOP_SCHEMA_SQL') ?: '';
        return $override !== '' ? $override : TestDatabase::root() . '/etc/shopdb/schema.sql';
    }

    /** Why a Firebird test cannot run here, or null when it can. */
    public static function unavailable(): ?string
    {
        if (trim((string) shell_exec('command -v isql-fb 2>/dev/null')) === '' || trim((string) shell_exec('command -v gfix 2>/dev/null')) === '') {
            return 'isql-fb is not installed (apt-get install firebird3.0-utils firebird3.0-server-core)';
        }
        if (!is_file(self::schemaFile())) {
            return 'etc/shopdb/schema.sql (the shop DDL) is not in this checkout';
        }
        return null;
    }

    /** A new database with the shop schema; $sql (inserts) is loaded after it. */
    public static function create(string $sql = ''): self
    {
        $db = new self();
        $db->exec(['bash', TestDatabase::root() . '/scripts/shop-db.sh', 'home', $db->dir]);
        $db->run("CREATE DATABASE '{$db->file}' USER 'SYSDBA' DEFAULT CHARACTER SET WIN1251;\n", false);
        // A throw-away file: no fsync per page write (the schema loads ~10x faster).
        $db->exec(['gfix', '-write', 'async', '-user', 'SYSDBA', $db->file]);
        $db->run((string) file_get_contents(self::schemaFile()));
        if ($sql !== '') {
            $db->run("SET AUTODDL OFF;\n" . $sql);
        }
        return $db;
    }

    public function drop(): void
    {
        $this->exec(['bash', TestDatabase::root() . '/scripts/shop-db.sh', 'drop', $this->dir]);
    }

    /**
     * One SELECT's rows as the client would send them.
     *
     * @return list<array<string,mixed>>
     */
    public function query(string $sql): array
    {
        return self::rows($this->run("SET LIST ON;\n" . rtrim(trim($sql), ';') . ";\n"));
    }

    /**
     * Several SELECTs in ONE isql-fb run (one process per task instead of per dataset).
     *
     * @param array<string,string> $queries name => SQL
     * @return array<string,list<array<string,mixed>>>
     */
    public function queries(array $queries): array
    {
        $script = "SET LIST ON;\n";
        foreach ($queries as $name => $sql) {
            $script .= "SELECT 'DATASET " . preg_replace('/[^A-Za-z0-9_]/', '', (string) $name)
                . "' AS DRT_MARK FROM RDB\$DATABASE;\n" . rtrim(trim($sql), ';') . ";\n";
        }
        $out = [];
        $parts = preg_split('/^DRT_MARK\s+DATASET (\w+)\s*$/m', $this->run($script), -1, PREG_SPLIT_DELIM_CAPTURE) ?: [];
        for ($i = 1; $i + 1 < count($parts); $i += 2) {
            $out[$parts[$i]] = self::rows($parts[$i + 1]);
        }
        return $out;
    }

    /** The first column of the first row (independent checks). */
    public function value(string $sql): mixed
    {
        $rows = $this->query($sql);
        return $rows === [] ? null : array_values($rows[0])[0];
    }

    /**
     * A query's rows as isql prints them without headings, one trimmed line per row (the test
     * chooses a `|`-joined text column).
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

    /** Runs a script (statements end with `;`) and commits; throws with isql's output on any error. */
    public function run(string $script, bool $attach = true): string
    {
        $cmd = ['isql-fb', '-q', '-bail', '-user', 'SYSDBA', '-ch', 'UTF8'];
        if ($attach) {
            $cmd[] = $this->file;
        }
        return $this->exec($cmd, $script . "\nCOMMIT;\nEXIT;\n");
    }

    /** @return list<array<string,mixed>> the rows of isql's SET LIST output */
    private static function rows(string $out): array
    {
        $rows = [];
        foreach (preg_split('/\n\s*\n/', trim($out)) ?: [] as $chunk) {
            $row = [];
            foreach (explode("\n", $chunk) as $line) {
                if (!preg_match('/^(\S+)\s+(.*)$/u', rtrim($line), $m)) {
                    if (preg_match('/^(\S+)$/u', trim($line), $m1)) {
                        $row[$m1[1]] = '';
                    }
                    continue;
                }
                $row[$m[1]] = self::cell($m[2]);
            }
            if ($row !== []) {
                $rows[] = $row;
            }
        }
        return $rows;
    }

    private static function cell(string $v): mixed
    {
        if ($v === '<null>') {
            return null;
        }
        if (preg_match('/^(\d{4})-(\d{2})-(\d{2})$/', $v, $m)) {
            return "$m[3].$m[2].$m[1]";
        }
        if (preg_match('/^(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)?$/', $v, $m)) {
            return "$m[3].$m[2].$m[1] $m[4]";
        }
        if (preg_match('/^(\d{2}:\d{2}:\d{2})\.\d+$/', $v, $m)) {
            return $m[1];
        }
        if (preg_match('/^-?\d+$/', $v)) {
            return (int) $v;
        }
        if (is_numeric($v)) {
            return (float) $v;
        }
        return $v;
    }

    /**
     * Runs a Firebird tool with the private home's environment.
     *
     * @param list<string> $cmd
     */
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
            throw new \RuntimeException(basename($cmd[0]) . " failed (rc $rc): " . trim($err) . "\n" . mb_substr($stdin, 0, 2000));
        }
        return $out;
    }
}
