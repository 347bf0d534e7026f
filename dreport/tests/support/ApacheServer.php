<?php

declare(strict_types=1);

namespace Dreport\Tests;

/**
 * A private Apache (Debian's apache2-bin, mod_ssl, mod_php) configured from the SAME files
 * as the Docker image (docker/web/ports.conf, dreport.conf, dreport-vhost-*.conf,
 * dreport-site.inc), started through the image's own entry point (docker/web/entrypoint.sh,
 * which picks or makes the certificate). Own ServerRoot, ports, PidFile and logs in a
 * temporary folder; never the system's apache2 service. Only the server-wide part the
 * image takes from php:8.2-apache (modules, MPM, PHP handler, User) is written here.
 */
final class ApacheServer
{
    public const BIN = '/usr/sbin/apache2';
    public const MODULES = '/usr/lib/apache2/modules';

    public readonly int $port;
    public readonly int $internalPort;
    public readonly string $dir;
    /** @var resource|null */
    private $proc = null;

    public function __construct()
    {
        $this->port = PhpServer::freePort();
        $this->internalPort = PhpServer::freePort();
        // Not under DREPORT_TEST_TMP (mode 0700): Apache's children run as www-data when root starts it.
        $this->dir = sys_get_temp_dir() . '/dreport-apache-' . bin2hex(random_bytes(5));
        mkdir($this->dir . '/docroot', 0755, true);
        chmod($this->dir, 0755);
        symlink(TestDatabase::root() . '/dreport', $this->dir . '/docroot/dreport');
    }

    public static function available(): ?string
    {
        foreach ([self::BIN, self::MODULES . '/mod_ssl.so', self::MODULES . '/libphp8.2.so', '/usr/bin/openssl'] as $f) {
            if (!is_file($f)) {
                return "$f is missing (scripts/ensure-deps.sh test installs apache2-bin and libapache2-mod-php8.2)";
            }
        }
        return null;
    }

    /** @return array<string,string> the container-like environment of the entry point */
    public function env(array $db, array $extra = []): array
    {
        return $extra + $db + [
            'DREPORT_TLS' => '1',
            'DREPORT_TLS_DIR' => $this->dir . '/tls',
            'DREPORT_TLS_SELF_DIR' => $this->dir . '/selfsigned',
            'DREPORT_PORT' => (string) $this->port,
            'DREPORT_INTERNAL_PORT' => (string) $this->internalPort,
            'DREPORT_DOCROOT' => $this->dir . '/docroot',
            'DREPORT_APACHE_CONF' => TestDatabase::root() . '/docker/web',
            'DREPORT_UPDATE_FOLDER' => $this->dir . '/updates',
            'REPORT_SERVER_URL' => 'http://127.0.0.1:1',
            'DREPORT_TRUSTED_PROXIES' => '',
            'DREPORT_SECURE_COOKIES' => '0',
            'DREPORT_UPLOAD_MAX_BYTES' => '1048576',
            'DREPORT_SECRET_KEY' => '',
        ];
    }

    /** @param array<string,string> $env from env() */
    public function start(array $env): self
    {
        $m = self::MODULES;
        $user = posix_geteuid() === 0 ? "User www-data\nGroup www-data\n" : '';
        $root = TestDatabase::root();
        $conf = <<<CONF
ServerRoot {$this->dir}
PidFile {$this->dir}/httpd.pid
DefaultRuntimeDir {$this->dir}
Mutex file:{$this->dir} default
ServerName 127.0.0.1
{$user}LoadModule mpm_prefork_module $m/mod_mpm_prefork.so
LoadModule authz_core_module $m/mod_authz_core.so
LoadModule authz_host_module $m/mod_authz_host.so
LoadModule dir_module $m/mod_dir.so
LoadModule mime_module $m/mod_mime.so
LoadModule env_module $m/mod_env.so
LoadModule alias_module $m/mod_alias.so
LoadModule headers_module $m/mod_headers.so
LoadModule socache_shmcb_module $m/mod_socache_shmcb.so
LoadModule ssl_module $m/mod_ssl.so
LoadModule php_module $m/libphp8.2.so
StartServers 2
MinSpareServers 2
MaxSpareServers 4
MaxRequestWorkers 8
TypesConfig /etc/mime.types
SSLSessionCache shmcb:{$this->dir}/ssl_scache(512000)
<FilesMatch "\\.php$">
    SetHandler application/x-httpd-php
</FilesMatch>
ErrorLog {$this->dir}/error.log
# From here on: the image's own files.
Include $root/docker/web/ports.conf
Include $root/docker/web/dreport.conf

CONF;
        file_put_contents($this->dir . '/httpd.conf', $conf);
        $log = $this->dir . '/console.log';
        $this->proc = proc_open(
            // setsid: Apache's parent stops its children with killpg(its own group); in our
            // process group that would signal this test process too.
            ['setsid', 'bash', $root . '/docker/web/entrypoint.sh', self::BIN, '-f', $this->dir . '/httpd.conf', '-DFOREGROUND'],
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', $log, 'a'], 2 => ['file', $log, 'a']],
            $pipes,
            $this->dir,
            $env + ['PATH' => getenv('PATH') ?: '/usr/bin:/bin']
        );
        $deadline = microtime(true) + 15;
        while (microtime(true) < $deadline) {
            $st = proc_get_status($this->proc);
            if (!$st['running']) {
                break;
            }
            $c = @fsockopen('127.0.0.1', $this->port, $errno, $errstr, 0.2);
            if ($c !== false) {
                fclose($c);
                return $this;
            }
            usleep(100000);
        }
        $text = $this->log();
        $this->stop();
        throw new \RuntimeException("apache did not start:\n" . $text);
    }

    public function log(): string
    {
        $out = '';
        foreach (['console.log', 'error.log'] as $f) {
            if (is_file($this->dir . '/' . $f)) {
                $out .= "== $f\n" . file_get_contents($this->dir . '/' . $f);
            }
        }
        return $out;
    }

    public function stop(): void
    {
        if (is_resource($this->proc)) {
            $st = proc_get_status($this->proc);
            if ($st['running']) {
                // The entry point exec'd apache2: this pid is Apache's parent, which stops its children.
                posix_kill($st['pid'], SIGTERM);
                $deadline = microtime(true) + 10;
                while (proc_get_status($this->proc)['running'] && microtime(true) < $deadline) {
                    usleep(50000);
                }
            }
            proc_close($this->proc);
        }
        $this->proc = null;
    }

    public function cleanup(): void
    {
        $this->stop();
        exec('rm -rf ' . escapeshellarg($this->dir));
    }
}
