<?php

declare(strict_types=1);

namespace Dreport\Api;

use Dreport\App;
use Dreport\Audit;
use Dreport\IpMatcher;

/**
 * The auth REST API (http-api.md §4): `/objectinfo`, `/subscriptioninfo`,
 * `/subscribeobject`, plus `/` as a probe. Called by the report server on every client
 * INFO and by billing systems; protected by the `t_restip` IP whitelist.
 *
 * Every answer is JSON `{"result":<int>,"message":"...",...}`; result 0 means OK.
 */
final class RestApi
{
    public const VERSION = '2.0';

    /** Required `/objectinfo` parameters, in the order they are reported when missing. */
    private const OBJECTINFO_REQUIRED = [
        'objectid', 'objectname', 'customername', 'eik', 'hostname', 'appip', 'apptype', 'appver', 'appdbtype',
    ];

    /** Column widths: longer values from shops' PCs are cut, never rejected. */
    private const WIDTHS = [
        'objectname' => 100, 'customername' => 200, 'eik' => 30, 'address' => 255, 'hostname' => 64,
        'appip' => 50, 'apptype' => 50, 'appver' => 20, 'appdbtype' => 20, 'comment' => 1024,
    ];

    public function __construct(private App $app)
    {
    }

    /**
     * @param array<string,mixed> $server $_SERVER
     * @param array<string,mixed> $params query (and form) parameters
     */
    public function handle(array $server, array $params): JsonResponse
    {
        $ip = $this->app->clientIp($server);
        $route = '/' . trim((string) ($server['PATH_INFO'] ?? ''), '/');
        $method = strtoupper((string) ($server['REQUEST_METHOD'] ?? 'GET'));
        $params = $this->cleanParams($params);

        if (!$this->ipAllowed($ip)) {
            $this->log($ip, $route, 'refused: IP not allowed');
            return new JsonResponse(400, ['result' => 1, 'message' => 'IP is not allowed: ' . $ip]);
        }
        if (!in_array($method, ['GET', 'POST', 'HEAD'], true)) {
            return new JsonResponse(405, ['result' => 405, 'message' => 'Method not allowed']);
        }

        $response = match ($route) {
            '/' => new JsonResponse(200, [
                'result' => 0, 'message' => 'OK', 'name' => 'dreport REST API', 'version' => self::VERSION,
                'routes' => ['/objectinfo', '/subscriptioninfo', '/subscribeobject'],
            ]),
            '/objectinfo' => $this->objectInfo($params),
            '/subscriptioninfo' => $this->subscriptionInfo($params),
            '/subscribeobject' => $this->subscribeObject($params),
            default => new JsonResponse(404, ['result' => 404, 'message' => 'Unknown route: ' . $route]),
        };
        if ($route !== '/') {
            $id = (string) ($response->body['objectid'] ?? $params['objectid'] ?? '');
            $this->log($ip, $route, sprintf(
                'object %s: result %d %s',
                $id,
                (int) $response->body['result'],
                (string) $response->body['message']
            ), $id);
        }
        return $response;
    }

    /** @param array<string,string> $p */
    private function objectInfo(array $p): JsonResponse
    {
        $missing = array_values(array_filter(
            self::OBJECTINFO_REQUIRED,
            static fn (string $k): bool => trim($p[$k] ?? '') === ''
        ));
        if ($missing !== []) {
            return self::missing($missing);
        }
        $v = [];
        foreach (self::WIDTHS as $k => $w) {
            $v[$k] = array_key_exists($k, $p) ? mb_substr(trim($p[$k]), 0, $w) : null;
        }
        $db = $this->app->db();
        $objectId = trim($p['objectid']);

        if ($objectId === '-1') {
            $days = $this->app->settings()->trialDays();
            $objectId = $this->insertNewObject($v, $days);
        } else {
            if (!self::validObjectId($objectId)) {
                return new JsonResponse(200, ['result' => 3, 'message' => 'Error object not found']);
            }
            $sets = [
                's_objectname = ?', 's_customername = ?', 's_eik = ?', 's_hostname = ?', 's_appip = ?',
                's_apptype = ?', 's_appver = ?', 's_appdbtype = ?',
            ];
            $args = [
                $v['objectname'], $v['customername'], $v['eik'], $v['hostname'], $v['appip'],
                $v['apptype'], $v['appver'], $v['appdbtype'],
            ];
            foreach (['address', 'comment'] as $opt) {
                if ($v[$opt] !== null) {
                    $sets[] = 's_' . $opt . ' = ?';
                    $args[] = $v[$opt];
                }
            }
            $args[] = $objectId;
            $found = $db->value('SELECT COUNT(*) FROM t_subscriptions WHERE s_objectid = ?', [$objectId]);
            if ((int) $found === 0) {
                return new JsonResponse(200, ['result' => 3, 'message' => 'Error object not found']);
            }
            $db->exec(
                'UPDATE t_subscriptions SET ' . implode(', ', $sets)
                . ', s_lastupdatedate = NOW() WHERE s_objectid = ?',
                $args
            );
        }
        $row = $this->load($objectId);
        if ($row === null) {
            return new JsonResponse(500, ['result' => 2, 'message' => 'Database error: object vanished']);
        }
        $fields = self::subscriptionFields($row);
        unset($fields['eik'], $fields['address'], $fields['hostname'], $fields['comment']);
        return new JsonResponse(200, ['result' => 0, 'message' => 'OK'] + $fields);
    }

    /**
     * A t_subscriptions row as the API names its fields (http-api.md §4), in the contract's order.
     *
     * @param array<string,mixed> $row
     * @return array<string,mixed>
     */
    private static function subscriptionFields(array $row): array
    {
        return [
            'objectid' => $row['s_objectid'],
            'objectname' => $row['s_objectname'],
            'customername' => $row['s_customername'],
            'eik' => $row['s_eik'],
            'address' => $row['s_address'],
            'hostname' => $row['s_hostname'],
            'expiredate' => (string) $row['s_expiredate'],
            'active' => (string) (int) $row['s_active'],
            'createdate' => (string) $row['s_createdate'],
            'lastupdatedate' => (string) ($row['s_lastupdatedate'] ?? ''),
            'appip' => $row['s_appip'],
            'apptype' => $row['s_apptype'],
            'appver' => $row['s_appver'],
            'appdbtype' => $row['s_appdbtype'],
            'comment' => $row['s_comment'],
        ];
    }

    /**
     * New 8-hex object ID from the CSPRNG; a collision (1 in 4 billion per row) just retries.
     *
     * @param array<string,?string> $v
     */
    private function insertNewObject(array $v, int $days): string
    {
        $db = $this->app->db();
        for ($attempt = 0; $attempt < 10; $attempt++) {
            $id = bin2hex(random_bytes(4));
            try {
                $db->exec(
                    'INSERT INTO t_subscriptions (s_objectid, s_objectname, s_expiredate, s_customername, s_eik,'
                    . ' s_address, s_hostname, s_appip, s_apptype, s_appver, s_appdbtype, s_active,'
                    . ' s_createdate, s_lastupdatedate, s_comment)'
                    . ' VALUES (?, ?, DATE_ADD(CURDATE(), INTERVAL ? DAY), ?, ?, ?, ?, ?, ?, ?, ?, 1, NOW(), NOW(), ?)',
                    [
                        $id, $v['objectname'], $days, $v['customername'], $v['eik'], $v['address'],
                        $v['hostname'], $v['appip'], $v['apptype'], $v['appver'], $v['appdbtype'], $v['comment'],
                    ]
                );
                return $id;
            } catch (\PDOException $e) {
                if (($e->errorInfo[1] ?? 0) !== 1062) { // not a duplicate key
                    throw $e;
                }
            }
        }
        throw new \RuntimeException('could not allocate a unique object id');
    }

    /** @param array<string,string> $p */
    private function subscriptionInfo(array $p): JsonResponse
    {
        $id = trim($p['objectid'] ?? '');
        if ($id === '') {
            return self::missing(['objectid']);
        }
        $row = self::validObjectId($id) ? $this->load($id) : null;
        if ($row === null) {
            return new JsonResponse(200, ['result' => 1, 'message' => 'Object not found.']);
        }
        return new JsonResponse(200, ['result' => 0, 'message' => 'OK'] + self::subscriptionFields($row));
    }

    /** @param array<string,string> $p */
    private function subscribeObject(array $p): JsonResponse
    {
        $id = trim($p['objectid'] ?? '');
        if ($id === '') {
            return self::missing(['objectid']);
        }
        $expire = trim($p['expiredate'] ?? '');
        $active = trim($p['active'] ?? '');
        if ($expire === '' && $active === '') {
            return self::missing(['expiredate or active']);
        }
        $sets = [];
        $args = [];
        if ($expire !== '') {
            $date = self::parseDate($expire);
            if ($date === null) {
                return new JsonResponse(400, ['result' => 400, 'message' => 'Invalid expiredate (YYYY-M-D expected)']);
            }
            $sets[] = 's_expiredate = ?';
            $args[] = $date;
        }
        if ($active !== '') {
            if ($active !== '0' && $active !== '1') {
                return new JsonResponse(400, ['result' => 400, 'message' => 'Invalid active (0 or 1 expected)']);
            }
            $sets[] = 's_active = ?';
            $args[] = (int) $active;
        }
        if (array_key_exists('comment', $p)) {
            $sets[] = 's_comment = ?';
            $args[] = mb_substr(trim($p['comment']), 0, 1024);
        }
        if (!self::validObjectId($id) || $this->load($id) === null) {
            return new JsonResponse(200, ['result' => 1, 'message' => 'Object not found.']);
        }
        $args[] = $id;
        $this->app->db()->exec(
            'UPDATE t_subscriptions SET ' . implode(', ', $sets) . ', s_lastupdatedate = NOW() WHERE s_objectid = ?',
            $args
        );
        return new JsonResponse(200, [
            'result' => 0,
            'message' => 'Subscription updated for Objectid: ' . $id,
            'objectid' => $id,
        ]);
    }

    /** `YYYY-M-D` with a real calendar date, normalised to `YYYY-MM-DD`. */
    public static function parseDate(string $s): ?string
    {
        if (!preg_match('/^(\d{4})-(\d{1,2})-(\d{1,2})$/', $s, $m)) {
            return null;
        }
        [$y, $mo, $d] = [(int) $m[1], (int) $m[2], (int) $m[3]];
        if ($y < 1970 || !checkdate($mo, $d, $y)) {
            return null;
        }
        return sprintf('%04d-%02d-%02d', $y, $mo, $d);
    }

    /** Legacy IDs are 8 hex digits; anything outside [A-Za-z0-9]{1,20} cannot exist. */
    public static function validObjectId(string $id): bool
    {
        return \Dreport\ObjectId::isValid($id);
    }

    /** @return array<string,mixed>|null */
    private function load(string $id): ?array
    {
        return $this->app->db()->one('SELECT * FROM t_subscriptions WHERE s_objectid = ?', [$id]);
    }

    private function ipAllowed(string $ip): bool
    {
        $rules = array_column($this->app->db()->all('SELECT r_ip FROM t_restip'), 'r_ip');
        return IpMatcher::matchesAny($ip, array_map('strval', $rules));
    }

    /** @param list<string> $names */
    private static function missing(array $names): JsonResponse
    {
        return new JsonResponse(400, [
            'result' => 400,
            'message' => 'Required field(s) ' . implode(', ', $names) . ' is(are) missing or empty',
        ]);
    }

    /**
     * Strings only (arrays such as `a[]=` are dropped); invalid UTF-8 is taken as
     * Windows-1251, the shops' PCs' code page.
     *
     * @param array<string,mixed> $params
     * @return array<string,string>
     */
    private function cleanParams(array $params): array
    {
        $out = [];
        foreach ($params as $k => $v) {
            if (!is_string($k) || !is_string($v)) {
                continue;
            }
            $v = str_replace("\0", '', $v);
            if (!mb_check_encoding($v, 'UTF-8')) {
                $v = (string) mb_convert_encoding($v, 'UTF-8', 'Windows-1251');
            }
            $out[$k] = $v;
        }
        return $out;
    }

    private function log(string $ip, string $route, string $text, string $objectId = ''): void
    {
        $this->app->audit()->log(
            Audit::REST_CALL,
            $objectId !== '' && self::validObjectId($objectId) ? $objectId : $ip,
            'REST ' . $route . ' from ' . $ip . ': ' . $text
        );
    }
}
