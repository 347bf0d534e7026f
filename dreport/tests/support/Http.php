<?php

declare(strict_types=1);

namespace Dreport\Tests;

/**
 * Minimal real HTTP client (curl) with a cookie jar, for the integration tests.
 */
final class Http
{
    private string $jar;

    public function __construct()
    {
        $this->jar = (string) tempnam(getenv('DREPORT_TEST_TMP') ?: sys_get_temp_dir(), 'jar');
    }

    public function __destruct()
    {
        @unlink($this->jar);
    }

    /**
     * @param array<string,string>|string|null $post form fields or a raw body
     * @param list<string> $headers
     * @param array<string,array{0:string,1:string,2:string}> $files name => [path, mime, filename]
     * @return array{status:int, headers:string, body:string, json:mixed, location:?string}
     */
    public function request(string $url, array|string|null $post = null, array $headers = [], array $files = []): array
    {
        $ch = curl_init($url);
        $opts = [
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_HEADER => true,
            CURLOPT_COOKIEJAR => $this->jar,
            CURLOPT_COOKIEFILE => $this->jar,
            CURLOPT_TIMEOUT => 20,
            CURLOPT_HTTPHEADER => $headers,
        ];
        if ($files !== []) {
            $fields = is_array($post) ? $post : [];
            foreach ($files as $name => [$path, $mime, $fname]) {
                $fields[$name] = new \CURLFile($path, $mime, $fname);
            }
            $opts[CURLOPT_POSTFIELDS] = $fields;
        } elseif (is_array($post)) {
            $opts[CURLOPT_POSTFIELDS] = http_build_query($post);
        } elseif (is_string($post)) {
            $opts[CURLOPT_POSTFIELDS] = $post;
        }
        curl_setopt_array($ch, $opts);
        $raw = curl_exec($ch);
        if ($raw === false) {
            throw new \RuntimeException('HTTP request failed: ' . curl_error($ch));
        }
        $hsize = (int) curl_getinfo($ch, CURLINFO_HEADER_SIZE);
        $status = (int) curl_getinfo($ch, CURLINFO_RESPONSE_CODE);
        curl_close($ch);
        $head = substr((string) $raw, 0, $hsize);
        $body = substr((string) $raw, $hsize);
        $location = preg_match('/^Location:\s*(\S+)/mi', $head, $m) ? $m[1] : null;
        return ['status' => $status, 'headers' => $head, 'body' => $body, 'json' => json_decode($body, true), 'location' => $location];
    }
}
