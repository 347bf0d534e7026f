<?php

declare(strict_types=1);

namespace Dreport\Tests;

/**
 * A logged-in (or not) browser-like session against the admin panel over real HTTP.
 */
final class AdminClient
{
    public Http $http;

    public function __construct(private string $base, private array $headers = [])
    {
        $this->http = new Http();
    }

    public function url(string $page, array $params = []): string
    {
        return $this->base . '/dreport/admin/index.php?' . http_build_query(['page' => $page] + $params);
    }

    public function get(string $page, array $params = []): array
    {
        return $this->http->request($this->url($page, $params), null, $this->headers);
    }

    public static function token(string $html): string
    {
        return preg_match('/name="csrf" value="([0-9a-f]{64})"/', $html, $m) ? $m[1] : '';
    }

    public function login(string $user, string $password): array
    {
        $page = $this->get('login');
        return $this->http->request(
            $this->url('login'),
            ['csrf' => self::token($page['body']), 'username' => $user, 'password' => $password],
            $this->headers
        );
    }

    /** POST an action with the session's CSRF token (taken from the page itself). */
    public function post(string $page, array $fields, bool $withToken = true, array $files = []): array
    {
        if ($withToken && !isset($fields['csrf'])) {
            $fields['csrf'] = self::token($this->get($page)['body']);
        }
        return $this->http->request($this->url($page), $fields, $this->headers, $files);
    }

    /** Follow a 303 to show the flash message. */
    public function follow(array $response): array
    {
        if ($response['location'] === null) {
            return $response;
        }
        $loc = $response['location'];
        $url = str_starts_with($loc, 'http') ? $loc : $this->base . $loc;
        return $this->http->request($url, null, $this->headers);
    }
}
