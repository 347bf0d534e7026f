<?php

declare(strict_types=1);

namespace Dreport;

/**
 * Runtime configuration from environment variables only: nothing secret lives in the
 * repository. One instance per request, built by {@see Config::fromEnvironment()}.
 */
final class Config
{
    /** @param array<string,string> $env */
    public function __construct(private array $env)
    {
    }

    public static function fromEnvironment(): self
    {
        $env = getenv();
        foreach ($_SERVER as $k => $v) {
            // Web servers (php-fpm `env[]`, Apache SetEnv) may only populate $_SERVER.
            if (is_string($v) && !isset($env[$k]) && preg_match('/^(DB_|DREPORT_|REPORT_SERVER_)/', (string) $k)) {
                $env[$k] = $v;
            }
        }
        return new self($env);
    }

    public function get(string $name, ?string $default = null): ?string
    {
        $v = $this->env[$name] ?? null;
        return ($v === null || $v === '') ? $default : (string) $v;
    }

    public function dbHost(): string
    {
        return (string) $this->get('DB_HOST', '127.0.0.1');
    }

    public function dbPort(): int
    {
        $port = (int) $this->get('DB_PORT', '3306');
        return ($port > 0 && $port < 65536) ? $port : 3306;
    }

    public function dbUser(): string
    {
        return (string) $this->get('DB_USER', 'dreports');
    }

    public function dbPassword(): string
    {
        return (string) ($this->env['DB_PASSWORD'] ?? '');
    }

    public function dbName(): string
    {
        return (string) $this->get('DB_NAME', 'dreports');
    }

    /**
     * Base URL of the report server's HTTP API (e.g. `http://crs:8080`) overriding the
     * host/port in t_settings; null means "use t_settings".
     */
    public function reportServerUrl(): ?string
    {
        $url = $this->get('REPORT_SERVER_URL');
        return $url === null ? null : rtrim($url, '/');
    }

    /**
     * Proxies whose X-Forwarded-For we believe: comma/space separated IPs or CIDRs.
     *
     * @return list<string>
     */
    public function trustedProxies(): array
    {
        $raw = (string) $this->get('DREPORT_TRUSTED_PROXIES', '');
        $parts = preg_split('/[\s,]+/', $raw, -1, PREG_SPLIT_NO_EMPTY);
        return $parts === false ? [] : array_values($parts);
    }

    /** Folder the report server offers update files from (its UpdateFolder). */
    public function updateFolder(): string
    {
        return (string) $this->get('DREPORT_UPDATE_FOLDER', dirname(__DIR__, 2) . '/Updates');
    }

    /** Largest accepted update upload in bytes (default 64 MiB). */
    public function uploadMaxBytes(): int
    {
        $v = (int) $this->get('DREPORT_UPLOAD_MAX_BYTES', (string) (64 * 1024 * 1024));
        return $v > 0 ? $v : 64 * 1024 * 1024;
    }

    /**
     * How the public port is served, from the container's entry point (docker/web/entrypoint.sh):
     * `operator` (the mounted certificate), `self-signed` (none mounted: the dashboard warns),
     * `off` (DREPORT_TLS=0, TLS at a proxy), or null outside the Docker image.
     */
    public function tlsStatus(): ?string
    {
        return $this->get('DREPORT_TLS_STATUS');
    }

    /** Force the Secure cookie flag even when PHP does not see HTTPS (TLS ends at a proxy). */
    public function forceSecureCookies(): bool
    {
        return $this->get('DREPORT_SECURE_COOKIES', '0') === '1';
    }
}
