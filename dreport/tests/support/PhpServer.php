<?php

declare(strict_types=1);

namespace Dreport\Tests;

/**
 * The real PHP built-in web server (`php -S`) with the repository root as document root,
 * so URLs look like production: http://127.0.0.1:<port>/dreport/api.php/objectinfo.
 * The router script refuses everything outside dreport/ and the private folders.
 */
final class PhpServer
{
    /** @var resource|null */
    private $proc = null;
    public readonly int $port;
    private string $log;

    /** @param array<string,string> $env */
    /** @param bool $displayErrors start PHP with display_errors=1 to prove the code turns it off itself */
    public function __construct(private array $env, private string $host = '127.0.0.1', private bool $displayErrors = false)
    {
        $this->port = self::freePort($host);
        $this->log = (getenv('DREPORT_TEST_TMP') ?: sys_get_temp_dir()) . '/php-s-' . $this->port . '.log';
    }

    public static function freePort(string $host = '127.0.0.1'): int
    {
        $s = stream_socket_server('tcp://' . self::bracket($host) . ':0', $errno, $errstr);
        if ($s === false) {
            throw new \RuntimeException("no free port: $errstr");
        }
        $name = (string) stream_socket_get_name($s, false);
        fclose($s);
        return (int) substr($name, (int) strrpos($name, ':') + 1);
    }

    private static function bracket(string $host): string
    {
        return str_contains($host, ':') ? '[' . $host . ']' : $host;
    }

    public function baseUrl(): string
    {
        return 'http://' . self::bracket($this->host) . ':' . $this->port;
    }

    public function start(): self
    {
        $root = TestDatabase::root();
        $cmd = [
            PHP_BINARY, '-d', 'display_errors=' . ($this->displayErrors ? '1' : '0'), '-d', 'log_errors=1', '-d', 'error_log=' . $this->log,
            // -q: no request log of php -S itself (it prints URLs verbatim); the router logs them masked.
            '-q', '-S', self::bracket($this->host) . ':' . $this->port, '-t', $root, $root . '/dreport/tests/router.php',
        ];
        $env = $this->env + ['PATH' => getenv('PATH') ?: '/usr/bin:/bin'];
        $this->proc = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['file', $this->log, 'a'], 2 => ['file', $this->log, 'a']], $pipes, $root, $env);
        if (!is_resource($this->proc)) {
            throw new \RuntimeException('cannot start php -S');
        }
        $deadline = microtime(true) + 10;
        while (microtime(true) < $deadline) {
            $c = @fsockopen(self::bracket($this->host), $this->port, $errno, $errstr, 0.2);
            if ($c !== false) {
                fclose($c);
                return $this;
            }
            usleep(50000);
        }
        throw new \RuntimeException('php -S did not start: ' . @file_get_contents($this->log));
    }

    public function stop(): void
    {
        if (is_resource($this->proc)) {
            $status = proc_get_status($this->proc);
            if ($status['running']) {
                // With PHP_CLI_SERVER_WORKERS the master forks workers that outlive a SIGTERM
                // to the master alone: end them first (they are its children), then the master.
                $pid = (int) $status['pid'];
                $children = @file_get_contents("/proc/$pid/task/$pid/children");
                foreach (preg_split('/\s+/', trim((string) $children), -1, PREG_SPLIT_NO_EMPTY) as $child) {
                    posix_kill((int) $child, SIGTERM);
                }
                posix_kill($pid, SIGTERM);
            }
            proc_close($this->proc);
        }
        $this->proc = null;
    }

    public function errorLog(): string
    {
        return is_file($this->log) ? (string) file_get_contents($this->log) : '';
    }
}
