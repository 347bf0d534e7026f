<?php

declare(strict_types=1);

namespace Dreport\Tests;

/**
 * The real cloud-report-server (target/debug or CRS_BIN_DIR) with a temporary ini, plus
 * bos-client processes, for tests of the PHP side of the HTTP API.
 */
final class ReportServer
{
    public readonly int $tcpPort;
    public readonly int $httpPort;
    private string $dir;
    /** @var list<resource> */
    private array $procs = [];

    public function __construct(private string $binDir)
    {
        $this->tcpPort = PhpServer::freePort();
        $this->httpPort = PhpServer::freePort();
        $this->dir = (getenv('DREPORT_TEST_TMP') ?: sys_get_temp_dir()) . '/crs-' . bin2hex(random_bytes(4));
    }

    public static function binDir(): string
    {
        return (string) (getenv('CRS_BIN_DIR') ?: TestDatabase::root() . '/target/debug');
    }

    public static function available(): bool
    {
        $d = self::binDir();
        return is_executable($d . '/cloud-report-server') && is_executable($d . '/bos-client');
    }

    /** @param array<string,string> $db DB_* of the test database */
    public function start(string $restUrl, array $db, string $user, string $password): self
    {
        mkdir($this->dir . '/Logs', 0777, true);
        mkdir($this->dir . '/Updates');
        $ini = <<<INI
[COMMONSETTINGS]
CommInterfaceCount=1
LogFolder=Logs
LogLevel=info
MaxSessions=100
[REGISTRATION INFO]
SERIAL NUMBER=141298787
KEY=BszXj0gTaKILS6Ap56==
[DATABASE]
Host={$db['DB_HOST']}
Port={$db['DB_PORT']}
User={$db['DB_USER']}
Password={$db['DB_PASSWORD']}
Name={$db['DB_NAME']}
PoolSize=2
SpoolFolder=Spool
[SRV_1_COMMON]
TraceLogEnabled=0
UpdateFolder=Updates
RelayTimeoutSec=5
[SRV_1_HTTP]
HTTP_IPInterface=127.0.0.1
HTTP_Port={$this->httpPort}
HTTP_Workers=4
[SRV_1_TCP]
TCP_IPInterface=127.0.0.1
TCP_Port={$this->tcpPort}
[SRV_1_AUTHSERVER]
REST_URL={$restUrl}
[SRV_1_HTTPLOGINS]
{$user}={$password}

INI;
        file_put_contents($this->dir . '/crs.ini', $ini);
        $this->spawn([$this->binDir . '/cloud-report-server', '--config', $this->dir . '/crs.ini', 'serve'], 'server.log');
        $deadline = microtime(true) + 15;
        while (microtime(true) < $deadline) {
            $c = @fsockopen('127.0.0.1', $this->httpPort, $errno, $errstr, 0.2);
            if ($c !== false) {
                fclose($c);
                return $this;
            }
            usleep(100000);
        }
        $log = $this->log('server.log');
        $this->stop();
        throw new \RuntimeException("report server did not start:\n" . $log);
    }

    /**
     * Starts a bos-client and waits for its CONNECTED line.
     *
     * @param list<string> $args
     */
    public function client(array $args): string
    {
        $log = 'client-' . count($this->procs) . '.log';
        $this->spawn(array_merge([$this->binDir . '/bos-client', '--server', '127.0.0.1:' . $this->tcpPort], $args), $log);
        $deadline = microtime(true) + 15;
        while (microtime(true) < $deadline) {
            if (preg_match('/CONNECTED id=\S+ ex=\S+ en=\S+/', $this->log($log), $m)) {
                return $m[0];
            }
            usleep(100000);
        }
        $text = $this->log($log) . "\n" . $this->log('server.log');
        $this->stop();
        throw new \RuntimeException("bos-client did not connect:\n" . $text);
    }

    public function baseUrl(): string
    {
        return 'http://127.0.0.1:' . $this->httpPort;
    }

    /** @param list<string> $cmd */
    private function spawn(array $cmd, string $log): void
    {
        $out = $this->dir . '/' . $log;
        $env = ['PATH' => getenv('PATH') ?: '/usr/bin:/bin'];
        $p = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['file', $out, 'a'], 2 => ['file', $out, 'a']], $pipes, $this->dir, $env);
        if (!is_resource($p)) {
            throw new \RuntimeException('cannot start ' . $cmd[0]);
        }
        $this->procs[] = $p;
    }

    public function log(string $name): string
    {
        $f = $this->dir . '/' . $name;
        return is_file($f) ? (string) file_get_contents($f) : '';
    }

    public function stop(): void
    {
        foreach (array_reverse($this->procs) as $p) {
            $st = proc_get_status($p);
            if ($st['running']) {
                posix_kill($st['pid'], SIGTERM);
            }
            proc_close($p);
        }
        $this->procs = [];
        if (is_dir($this->dir)) {
            exec('rm -rf ' . escapeshellarg($this->dir));
        }
    }
}
