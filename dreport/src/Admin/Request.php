<?php

declare(strict_types=1);

namespace Dreport\Admin;

/**
 * The request as plain values. Accessors return strings only, so array-valued
 * parameters (`x[]=`) can never reach SQL or templates as arrays.
 */
final class Request
{
    /**
     * @param array<string,mixed> $server
     * @param array<string,mixed> $query
     * @param array<string,mixed> $post
     * @param array<string,mixed> $files
     */
    public function __construct(
        public readonly array $server,
        public readonly array $query,
        public readonly array $post,
        public readonly array $files = [],
    ) {
    }

    public function isPost(): bool
    {
        return strtoupper((string) ($this->server['REQUEST_METHOD'] ?? 'GET')) === 'POST';
    }

    public function query(string $name, string $default = ''): string
    {
        $v = $this->query[$name] ?? $default;
        return is_string($v) ? trim($v) : $default;
    }

    public function post(string $name, string $default = ''): string
    {
        $v = $this->post[$name] ?? $default;
        return is_string($v) ? trim($v) : $default;
    }

    /** Raw (untrimmed) POST value, for passwords. */
    public function postRaw(string $name): string
    {
        $v = $this->post[$name] ?? '';
        return is_string($v) ? $v : '';
    }

    public function postInt(string $name, ?int $default = null): ?int
    {
        $v = $this->post($name);
        if ($v === '' || filter_var($v, FILTER_VALIDATE_INT) === false) {
            return $default;
        }
        return (int) $v;
    }

    public function queryInt(string $name, ?int $default = null): ?int
    {
        $v = $this->query($name);
        if ($v === '' || filter_var($v, FILTER_VALIDATE_INT) === false) {
            return $default;
        }
        return (int) $v;
    }

    public function scriptPath(): string
    {
        $s = (string) ($this->server['SCRIPT_NAME'] ?? '/dreport/admin/index.php');
        return $s === '' ? '/dreport/admin/index.php' : $s;
    }
}
