<?php

declare(strict_types=1);

namespace Dreport;

/**
 * Client for the report server's own HTTP API (http-api.md §1–§3).
 *
 * Where it is and how to log in come from t_settings (`rpt_server_host`, `rpt_server_port`,
 * `rpt_server_user`, `rpt_server_pswd`), like the legacy site; REPORT_SERVER_URL in the
 * environment may override the base URL (e.g. inside docker compose).
 */
final class ReportServerClient
{
    /** Relays wait for the client: the server itself gives up after 30 s (ResultCode 203). */
    private const RELAY_TIMEOUT_SEC = 40;
    private const ADMIN_TIMEOUT_SEC = 5;
    private const CONNECT_TIMEOUT_SEC = 3;

    public function __construct(
        private string $baseUrl,
        private string $user,
        private string $password,
        private int $relayTimeoutSec = self::RELAY_TIMEOUT_SEC,
    ) {
    }

    public static function fromSettings(Settings $settings, Config $config): self
    {
        $base = $config->reportServerUrl();
        if ($base === null) {
            $host = trim((string) $settings->get('rpt_server_host', '127.0.0.1'));
            $port = $settings->int('rpt_server_port', 8080);
            if (str_contains($host, ':') && !str_starts_with($host, '[')) {
                $host = '[' . $host . ']'; // IPv6 literal
            }
            $base = 'http://' . $host . ':' . $port;
        }
        return new self(
            $base,
            (string) $settings->get('rpt_server_user', ''),
            (string) $settings->get('rpt_server_pswd', '')
        );
    }

    public function baseUrl(): string
    {
        return $this->baseUrl;
    }

    /**
     * `/server/clientlist/`: the connected clients.
     *
     * @return list<array<string,mixed>>
     * @throws ReportServerException
     */
    public function clientList(): array
    {
        $json = $this->getJson('/server/clientlist/', []);
        if ((int) ($json['ResultCode'] ?? -1) !== 0) {
            throw new ReportServerException(
                'report server refused: ' . (string) ($json['ResultMessage'] ?? 'unknown error')
            );
        }
        $clients = $json['Clients'] ?? [];
        return is_array($clients) ? array_values(array_filter($clients, 'is_array')) : [];
    }

    /**
     * `/server/clientstat/?id=`: one client, or null when it is offline (ResultCode 200).
     *
     * @return array<string,mixed>|null
     * @throws ReportServerException
     */
    public function clientStat(string $objectId): ?array
    {
        $json = $this->getJson('/server/clientstat/', ['id' => $objectId]);
        $code = (int) ($json['ResultCode'] ?? -1);
        if ($code === 200) {
            return null;
        }
        if ($code !== 0) {
            throw new ReportServerException((string) ($json['ResultMessage'] ?? 'unknown error'));
        }
        return is_array($json['Clients'] ?? null) ? $json['Clients'] : null;
    }

    /**
     * `/status`: detailed health JSON.
     *
     * @return array<string,mixed>
     * @throws ReportServerException
     */
    public function status(): array
    {
        return $this->getJson('/status', []);
    }

    /**
     * Relay a task to a shop's client through `/report/<name>/?id=&u=&p=`.
     * Never throws: transport problems come back as ResultCode 200 (server unreachable,
     * shown like "offline") or 203 (no answer in time / no data received).
     *
     * @param array<string,mixed> $task
     * @return array<string,mixed>
     */
    public function relay(string $reportName, string $objectId, array $task): array
    {
        $name = preg_replace('/[^A-Za-z0-9_.-]/', '', $reportName) ?: 'report';
        $body = json_encode($task, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
        if ($body === false) {
            return ['ResultCode' => 204, 'ResultMessage' => 'Task could not be encoded'];
        }
        $url = $this->baseUrl . '/report/' . rawurlencode($name) . '/?' . $this->query(['id' => $objectId]);
        $res = $this->request('POST', $url, $body, $this->relayTimeoutSec, false);
        if ($res['error'] !== null) {
            return [
                'ResultCode' => $res['timeout'] ? 203 : 200,
                'ResultMessage' => $res['timeout']
                    ? 'The report server did not answer in time'
                    : 'The report server is not reachable: ' . $res['error'],
            ];
        }
        if ($res['status'] !== 200) {
            return ['ResultCode' => 203, 'ResultMessage' => 'No data received (HTTP ' . $res['status'] . ')'];
        }
        $json = json_decode($res['body'], true);
        if (!is_array($json) || !array_key_exists('ResultCode', $json)) {
            return ['ResultCode' => 203, 'ResultMessage' => 'No data received (invalid answer)'];
        }
        return $json;
    }

    /**
     * @param array<string,string> $params
     * @return array<string,mixed>
     */
    private function getJson(string $path, array $params): array
    {
        $url = $this->baseUrl . $path . '?' . $this->query($params);
        $res = $this->request('GET', $url, null, self::ADMIN_TIMEOUT_SEC, true);
        if ($res['error'] !== null) {
            throw new ReportServerException('report server not reachable at ' . $this->baseUrl . ': ' . $res['error']);
        }
        if ($res['status'] === 401) {
            throw new ReportServerException('report server rejected the login (check rpt_server_user/rpt_server_pswd)');
        }
        $json = json_decode($res['body'], true);
        if (!is_array($json)) {
            throw new ReportServerException('report server answered HTTP ' . $res['status'] . ' without JSON');
        }
        return $json;
    }

    /** @param array<string,string> $params */
    private function query(array $params): string
    {
        $params['u'] = $this->user;
        $params['p'] = $this->password;
        return http_build_query($params, '', '&', PHP_QUERY_RFC3986);
    }

    /** @return array{status:int, body:string, error:?string, timeout:bool} */
    private function request(string $method, string $url, ?string $body, int $timeout, bool $basic): array
    {
        $ch = curl_init($url);
        if ($ch === false) {
            return ['status' => 0, 'body' => '', 'error' => 'curl init failed', 'timeout' => false];
        }
        $headers = ['Accept: application/json'];
        $opts = [
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_CONNECTTIMEOUT => self::CONNECT_TIMEOUT_SEC,
            CURLOPT_TIMEOUT => $timeout,
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_PROTOCOLS => CURLPROTO_HTTP | CURLPROTO_HTTPS,
            CURLOPT_CUSTOMREQUEST => $method,
        ];
        if ($basic) {
            $opts[CURLOPT_HTTPAUTH] = CURLAUTH_BASIC;
            $opts[CURLOPT_USERPWD] = $this->user . ':' . $this->password;
        }
        if ($body !== null) {
            $opts[CURLOPT_POSTFIELDS] = $body;
            $headers[] = 'Content-Type: application/json; charset=utf-8';
        }
        $opts[CURLOPT_HTTPHEADER] = $headers;
        curl_setopt_array($ch, $opts);
        $out = curl_exec($ch);
        $errno = curl_errno($ch);
        $status = (int) curl_getinfo($ch, CURLINFO_RESPONSE_CODE);
        $err = $errno !== 0 ? curl_error($ch) : null;
        curl_close($ch);
        return [
            'status' => $status,
            'body' => is_string($out) ? $out : '',
            'error' => $err,
            'timeout' => $errno === CURLE_OPERATION_TIMEDOUT,
        ];
    }
}
