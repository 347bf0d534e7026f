<?php

declare(strict_types=1);

namespace Dreport;

/**
 * Access to `t_settings` (name/value pairs), cached for the request.
 */
final class Settings
{
    /** @var array<string,string>|null */
    private ?array $cache = null;

    public function __construct(private Db $db)
    {
    }

    /** @return array<string,string> */
    public function all(): array
    {
        if ($this->cache === null) {
            $this->cache = [];
            foreach ($this->db->all('SELECT s_name, s_value FROM t_settings ORDER BY s_name') as $row) {
                $this->cache[(string) $row['s_name']] = (string) ($row['s_value'] ?? '');
            }
        }
        return $this->cache;
    }

    public function get(string $name, ?string $default = null): ?string
    {
        $all = $this->all();
        return array_key_exists($name, $all) ? $all[$name] : $default;
    }

    public function int(string $name, int $default): int
    {
        $v = $this->get($name);
        if ($v === null || trim($v) === '' || filter_var(trim($v), FILTER_VALIDATE_INT) === false) {
            return $default;
        }
        return (int) trim($v);
    }

    public function set(string $name, string $value): void
    {
        $this->db->exec(
            'INSERT INTO t_settings (s_name, s_value) VALUES (?, ?) ON DUPLICATE KEY UPDATE s_value = ?',
            [$name, $value, $value]
        );
        $this->cache = null;
    }

    public function delete(string $name): void
    {
        $this->db->exec('DELETE FROM t_settings WHERE s_name = ?', [$name]);
        $this->cache = null;
    }

    /** 0 none, 1 REST + errors, 2 + objects, 3 all (dreport.md §1). */
    public function logLevel(): int
    {
        return max(0, min(3, $this->int('log_level', 1)));
    }

    /** Trial length for new objects; default 30 when missing or ≤ 0 (http-api.md §4). */
    public function trialDays(): int
    {
        $d = $this->int('trial_days', 30);
        return $d > 0 ? $d : 30;
    }
}
