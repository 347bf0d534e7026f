<?php

declare(strict_types=1);

namespace Dreport\Tests\Integration;

use Dreport\Tests\AdminClient;
use Dreport\Tests\WebTestCase;

/**
 * The event log over a large t_statistics: keyset pages are index range scans, stay fast
 * deep into the log, and never repeat or skip a row.
 */
final class EventLogPagingTest extends WebTestCase
{
    private const ROWS = 300000;

    public static function setUpBeforeClass(): void
    {
        parent::setUpBeforeClass();
        // MariaDB's SEQUENCE engine makes the rows server-side in a couple of seconds:
        // types cycle through 1,2,3,4,5,201,204; one row per 10 s; several rows share a second.
        self::db()->exec(
            'INSERT INTO t_statistics (s_opertype, s_operid, s_datetime, s_description)'
            . ' SELECT ELT(1 + seq % 7, 1, 2, 3, 4, 5, 201, 204), CONCAT(\'obj\', seq % 1000),'
            . ' TIMESTAMP(\'2026-01-01 00:00:00\') + INTERVAL (seq DIV 3) * 10 SECOND, CONCAT(\'event \', seq)'
            . ' FROM seq_1_to_' . self::ROWS
        );
    }

    public function testPagingIsCompleteAndOrdered(): void
    {
        $c = new AdminClient(static::$server->baseUrl());
        $c->login('admin', 'admin123');
        $seen = [];
        $params = ['operid' => 'obj7'];
        $pages = 0;
        $last = null;
        while (true) {
            $r = $c->get('events', $params);
            self::assertSame(200, $r['status']);
            preg_match_all('#<td>event (\d+)</td>#', $r['body'], $m);
            foreach ($m[1] as $n) {
                self::assertArrayNotHasKey($n, $seen, 'no row twice');
                $seen[$n] = true;
                if ($last !== null) {
                    self::assertLessThan($last, (int) $n, 'newest first');
                }
                $last = (int) $n;
            }
            $pages++;
            if (!preg_match('#id="older" href="[^"]*before=([^"&]+)#', $r['body'], $mm)) {
                break;
            }
            $params = ['operid' => 'obj7', 'before' => rawurldecode(html_entity_decode($mm[1]))];
        }
        self::assertSame(self::ROWS / 1000, count($seen), 'every obj7 row exactly once');
        self::assertSame(6, $pages);
        // And back: the "newer" link of the last page leads to the rows before it.
        preg_match('#id="newer" href="[^"]*after=([^"&]+)#', $r['body'], $mm);
        $back = $c->get('events', ['operid' => 'obj7', 'after' => rawurldecode(html_entity_decode($mm[1]))]);
        preg_match_all('#<td>event (\d+)</td>#', $back['body'], $m);
        self::assertCount(50, $m[1]);
    }

    public function testDeepPagesUseTheIndexesAndStayFast(): void
    {
        $db = self::db();
        foreach (
            [
                ['SELECT s_id FROM t_statistics WHERE s_opertype = ? AND (s_datetime < ? OR (s_datetime = ? AND s_id < ?)) ORDER BY s_datetime DESC, s_id DESC LIMIT 51', [4, '2026-01-05 00:00:00', '2026-01-05 00:00:00', 1000]],
                ['SELECT s_id FROM t_statistics WHERE s_operid = ? AND s_datetime >= ? ORDER BY s_datetime DESC, s_id DESC LIMIT 51', ['obj1', '2026-01-02']],
                ['SELECT s_id FROM t_statistics WHERE (s_datetime < ? OR (s_datetime = ? AND s_id < ?)) ORDER BY s_datetime DESC, s_id DESC LIMIT 51', ['2026-01-03 00:00:00', '2026-01-03 00:00:00', 5]],
            ] as [$sql, $args]
        ) {
            $plan = $db->all('EXPLAIN ' . $sql, $args);
            self::assertNotNull($plan[0]['key'], 'uses an index: ' . $sql);
            self::assertStringNotContainsString('filesort', (string) $plan[0]['Extra'], $sql);
            self::assertContains($plan[0]['type'], ['range', 'ref'], json_encode($plan));
            // What the query really reads: with LIMIT on an index in ORDER BY order, ~51 rows.
            $db->exec('FLUSH STATUS');
            self::assertLessThanOrEqual(51, count($db->all($sql, $args)));
            $read = 0;
            foreach ($db->all("SHOW SESSION STATUS LIKE 'Handler_read%'") as $st) {
                if (in_array($st['Variable_name'], ['Handler_read_next', 'Handler_read_prev', 'Handler_read_rnd_next'], true)) {
                    $read += (int) $st['Value'];
                }
            }
            self::assertLessThan(200, $read, 'rows read by ' . $sql);
        }
        $c = new AdminClient(static::$server->baseUrl());
        $c->login('admin', 'admin123');
        foreach ([['type' => '204'], ['before' => '2026-01-02 00:00:00|100'], ['type' => '5', 'from' => '2026-01-10', 'to' => '2026-01-11'], []] as $p) {
            $t = microtime(true);
            $r = $c->get('events', $p);
            $ms = (microtime(true) - $t) * 1000;
            self::assertSame(200, $r['status']);
            self::assertSame(50, preg_match_all('#<tr><td>\d{4}-#', $r['body']), json_encode($p));
            self::assertLessThan(500, $ms, 'event log page over ' . self::ROWS . ' rows took ' . round($ms) . ' ms');
        }
    }
}
