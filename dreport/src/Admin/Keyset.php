<?php

declare(strict_types=1);

namespace Dreport\Admin;

use Dreport\Db;

/**
 * Keyset ("seek") paging over (time, id) DESC: each page is an index range scan that
 * starts where the previous one ended, so page 10 000 costs the same as page 1 even over
 * tens of millions of rows (OFFSET would read and throw away every earlier row).
 */
final class Keyset
{
    public const PAGE_SIZE = 50;

    /** Cursor `YYYY-MM-DD HH:MM:SS[.fff]|id` or null when malformed. */
    public static function parse(string $cursor): ?array
    {
        if (!preg_match('/^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)\|(\d{1,19})$/', $cursor, $m)) {
            return null;
        }
        return [$m[1], $m[2]];
    }

    public static function make(string $time, string|int $id): string
    {
        return $time . '|' . $id;
    }

    /**
     * @param string $select `SELECT ... FROM ...` without WHERE/ORDER
     * @param list<string> $where conditions with `?` placeholders
     * @param list<mixed> $args
     * @return array{rows:list<array<string,mixed>>, older:?string, newer:?string}
     */
    public static function fetch(
        Db $db,
        string $select,
        array $where,
        array $args,
        string $timeCol,
        string $idCol,
        string $before,
        string $after
    ): array {
        $b = self::parse($before);
        $a = $b === null ? self::parse($after) : null;
        $dir = 'DESC';
        if ($b !== null) {
            $where[] = "($timeCol < ? OR ($timeCol = ? AND $idCol < ?))";
            array_push($args, $b[0], $b[0], $b[1]);
        } elseif ($a !== null) {
            $where[] = "($timeCol > ? OR ($timeCol = ? AND $idCol > ?))";
            array_push($args, $a[0], $a[0], $a[1]);
            $dir = 'ASC';
        }
        $sql = $select . ($where === [] ? '' : ' WHERE ' . implode(' AND ', $where))
            . " ORDER BY $timeCol $dir, $idCol $dir LIMIT " . (self::PAGE_SIZE + 1);
        $rows = $db->all($sql, $args);
        $more = count($rows) > self::PAGE_SIZE;
        $rows = array_slice($rows, 0, self::PAGE_SIZE);
        if ($dir === 'ASC') {
            $rows = array_reverse($rows);
        }
        $timeKey = self::key($timeCol);
        $idKey = self::key($idCol);
        $first = $rows[0] ?? null;
        $last = $rows === [] ? null : $rows[count($rows) - 1];
        $hasOlder = $dir === 'DESC' ? $more : true;
        $hasNewer = $dir === 'DESC' ? $b !== null : $more;
        return [
            'rows' => $rows,
            'older' => ($hasOlder && $last !== null)
                ? self::make((string) $last[$timeKey], (string) $last[$idKey]) : null,
            'newer' => ($hasNewer && $first !== null)
                ? self::make((string) $first[$timeKey], (string) $first[$idKey]) : null,
        ];
    }

    private static function key(string $col): string
    {
        $p = strrpos($col, '.');
        return $p === false ? $col : substr($col, $p + 1);
    }
}
