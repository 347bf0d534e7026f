<?php

declare(strict_types=1);

namespace Dreport\Admin;

use Dreport\Db;

/**
 * Hourly series from the report server's history tables for the dashboard charts.
 */
final class History
{
    public function __construct(private Db $db)
    {
    }

    /** @return list<string> hour starts `Y-m-d H:00:00`, oldest first, ending with the current hour */
    public static function hours(int $count, ?int $now = null): array
    {
        $now ??= time();
        $current = strtotime(date('Y-m-d H:00:00', $now)) ?: $now;
        $out = [];
        for ($i = $count - 1; $i >= 0; $i--) {
            $out[] = date('Y-m-d H:00:00', $current - $i * 3600);
        }
        return $out;
    }

    /**
     * Distinct objects (or connections without an object ID) online at any time in each hour.
     *
     * @param list<string> $hours
     * @return list<int>
     */
    public function clientsOnline(array $hours): array
    {
        if ($hours === []) {
            return [];
        }
        $start = $hours[0];
        $end = date('Y-m-d H:i:s', (strtotime(end($hours)) ?: time()) + 3600);
        $rows = $this->db->all(
            'SELECT cc_uid, cc_objectid, cc_connected_at, cc_disconnected_at FROM t_client_connections'
            . ' WHERE cc_connected_at < ? AND (cc_disconnected_at IS NULL OR cc_disconnected_at >= ?)',
            [$end, $start]
        );
        $sets = array_fill(0, count($hours), []);
        $first = strtotime($start) ?: 0;
        $nowTs = time();
        foreach ($rows as $r) {
            $from = strtotime((string) $r['cc_connected_at']) ?: 0;
            $to = $r['cc_disconnected_at'] === null ? $nowTs : (strtotime((string) $r['cc_disconnected_at']) ?: $nowTs);
            $key = ($r['cc_objectid'] ?? '') !== '' ? 'o:' . $r['cc_objectid'] : 'u:' . $r['cc_uid'];
            $i0 = max(0, intdiv(max(0, $from - $first), 3600));
            $i1 = min(count($hours) - 1, intdiv(max(0, $to - $first), 3600));
            for ($i = $i0; $i <= $i1; $i++) {
                $sets[$i][$key] = true;
            }
        }
        return array_map('count', $sets);
    }

    /**
     * Relays and failed relays (ResultCode ≠ 0) per hour.
     *
     * @param list<string> $hours
     * @return array{total:list<int>, failed:list<int>}
     */
    public function relaysPerHour(array $hours): array
    {
        $total = array_fill(0, count($hours), 0);
        $failed = $total;
        if ($hours === []) {
            return ['total' => $total, 'failed' => $failed];
        }
        $rows = $this->db->all(
            "SELECT DATE_FORMAT(rl_started_at, '%Y-%m-%d %H:00:00') AS h, COUNT(*) AS n,"
            . ' SUM(rl_resultcode <> 0) AS bad FROM t_relay_log WHERE rl_started_at >= ? GROUP BY h',
            [$hours[0]]
        );
        $index = array_flip($hours);
        foreach ($rows as $r) {
            if (isset($index[$r['h']])) {
                $total[$index[$r['h']]] = (int) $r['n'];
                $failed[$index[$r['h']]] = (int) $r['bad'];
            }
        }
        return ['total' => $total, 'failed' => $failed];
    }
}
