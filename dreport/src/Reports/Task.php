<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * Builds the task JSON the client executes (http-api.md §1):
 * `{"Id":"<objectid>","Pass":"<md5>","<Dataset>":{"Type":"Query","SQL":"..."}, ...}`.
 */
final class Task
{
    /**
     * @param array<string,string> $queries dataset name => Firebird SQL
     * @return array<string,mixed>
     */
    public static function build(string $objectId, string $passMd5, array $queries): array
    {
        $task = ['Id' => $objectId, 'Pass' => $passMd5];
        foreach ($queries as $name => $sql) {
            if (!preg_match('/^[A-Za-z][A-Za-z0-9_]*$/', (string) $name) || in_array($name, ['Id', 'Pass'], true)) {
                throw new \InvalidArgumentException('bad dataset name: ' . $name);
            }
            $task[$name] = ['Type' => 'Query', 'SQL' => self::compact($sql)];
        }
        return $task;
    }

    /** One line, single spaces: smaller tasks, readable logs. Comments are kept. */
    public static function compact(string $sql): string
    {
        return trim((string) preg_replace('/\s+/', ' ', $sql));
    }

    /**
     * The rows of one dataset of a successful answer, with every column key upper-cased
     * (shop-reports.md §D: clients upper-case names, Cyrillic included; read keys without
     * regard to case). The dataset name is matched without regard to case too. Anything
     * that is not a list of row objects counts as "no rows".
     *
     * @param array<string,mixed> $answer
     * @return list<array<string,mixed>>
     */
    public static function rows(array $answer, string $dataset): array
    {
        $rows = $answer[$dataset] ?? null;
        if ($rows === null) {
            foreach ($answer as $k => $v) {
                if (is_string($k) && strcasecmp($k, $dataset) === 0) {
                    $rows = $v;
                    break;
                }
            }
        }
        if (!is_array($rows)) {
            return [];
        }
        $out = [];
        foreach ($rows as $r) {
            if (!is_array($r)) {
                continue;
            }
            $row = [];
            foreach ($r as $k => $v) {
                $row[mb_strtoupper((string) $k, 'UTF-8')] = $v;
            }
            $out[] = $row;
        }
        return $out;
    }
}
