<?php

declare(strict_types=1);

namespace Dreport;

/**
 * Per-request service holder shared by the faces (viewer, admin, api): builds the
 * configuration, the database connection and the helpers lazily, once.
 */
final class App
{
    private ?Db $db = null;
    private ?Settings $settings = null;
    private ?Audit $audit = null;

    public function __construct(public readonly Config $config)
    {
    }

    /** Production-safe PHP error settings: log everything, show nothing. */
    public static function hardenRuntime(): void
    {
        ini_set('display_errors', '0');
        ini_set('display_startup_errors', '0');
        ini_set('log_errors', '1');
        ini_set('html_errors', '0');
        error_reporting(E_ALL);
    }

    public static function fromEnvironment(): self
    {
        return new self(Config::fromEnvironment());
    }

    public function db(): Db
    {
        return $this->db ??= Db::fromConfig($this->config);
    }

    public function settings(): Settings
    {
        return $this->settings ??= new Settings($this->db());
    }

    public function audit(): Audit
    {
        return $this->audit ??= new Audit($this->db(), $this->settings());
    }

    public function reportServer(): ReportServerClient
    {
        return ReportServerClient::fromSettings($this->settings(), $this->config);
    }

    /** @param array<string,mixed> $server */
    public function clientIp(array $server): string
    {
        return ClientIp::resolve($server, $this->config->trustedProxies());
    }
}
