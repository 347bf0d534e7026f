<?php

declare(strict_types=1);

namespace Dreport;

/**
 * Attempt counters in `t_throttle`, one row per key, each bumped by ONE statement
 * (INSERT … ON DUPLICATE KEY UPDATE takes the row lock), so parallel requests are counted
 * exactly: with a limit of 5, the 6th of 40 simultaneous attempts already sees 6.
 *
 * An attempt is counted BEFORE the guarded work (password check, relay to the shop); a
 * caller whose attempt turned out harmless gives it back with {@see release()}. A window
 * starts with the first attempt and lasts `$windowSec`; the next attempt after it starts
 * a new window at 1.
 */
final class Throttle
{
    public function __construct(private Db $db)
    {
    }

    /** Count one attempt for $key; returns the attempts in the current window, this one included. */
    public function hit(string $key, int $windowSec): int
    {
        // Both IFs read the row's old th_window_start: it is assigned last. LAST_INSERT_ID(x)
        // hands this connection the value it wrote, whatever other requests did since.
        $this->db->exec(
            'INSERT INTO t_throttle (th_key, th_count, th_window_start) VALUES (?, LAST_INSERT_ID(1), NOW())'
            . ' ON DUPLICATE KEY UPDATE'
            . ' th_count = LAST_INSERT_ID(IF(th_window_start < NOW() - INTERVAL ? SECOND, 1, th_count + 1)),'
            . ' th_window_start = IF(th_window_start < NOW() - INTERVAL ? SECOND, NOW(), th_window_start)',
            [self::key($key), $windowSec, $windowSec]
        );
        $n = (int) $this->db->value('SELECT LAST_INSERT_ID()');
        if (random_int(1, 200) === 1) {
            // Now and then, forget windows that ended a day ago (sprayed keys stay bounded).
            $this->prune();
        }
        return $n;
    }

    /** Give back one attempt (it was not a failure). */
    public function release(string $key): void
    {
        $this->db->exec(
            'UPDATE t_throttle SET th_count = GREATEST(th_count - 1, 0) WHERE th_key = ?',
            [self::key($key)]
        );
    }

    /** Forget the key (e.g. after a successful login). */
    public function reset(string $key): void
    {
        $this->db->exec('DELETE FROM t_throttle WHERE th_key = ?', [self::key($key)]);
    }

    /** Seconds until the key may be tried again when it has $max or more attempts in its window, else 0. */
    public function lockedFor(string $key, int $max, int $windowSec): int
    {
        $row = $this->db->one(
            'SELECT th_count, TIMESTAMPDIFF(SECOND, NOW(), th_window_start + INTERVAL ? SECOND) AS left_sec'
            . ' FROM t_throttle WHERE th_key = ?',
            [$windowSec, self::key($key)]
        );
        if ($row === null || (int) $row['th_count'] < $max) {
            return 0;
        }
        return max(0, (int) $row['left_sec']);
    }

    /** Drop windows that ended long ago (housekeeping; cheap thanks to the index). */
    public function prune(int $olderThanSec = 86400): int
    {
        return $this->db->exec(
            'DELETE FROM t_throttle WHERE th_window_start < NOW() - INTERVAL ? SECOND',
            [$olderThanSec]
        );
    }

    /** Keys are at most 150 characters: long user input is hashed, never truncated into a collision. */
    private static function key(string $key): string
    {
        return strlen($key) <= 150 ? $key : substr($key, 0, 100) . '#' . hash('sha256', $key);
    }
}
