<?php

declare(strict_types=1);

namespace Dreport\Api;

/**
 * A JSON answer of the REST API: HTTP status plus body.
 */
final class JsonResponse
{
    /** @param array<string,mixed> $body */
    public function __construct(public readonly int $status, public readonly array $body)
    {
    }

    public static function encode(array $body): string
    {
        $json = json_encode(
            $body,
            JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE
        );
        return $json === false ? '{"result":2,"message":"Internal error"}' : $json;
    }

    public function send(): void
    {
        if (!headers_sent()) {
            http_response_code($this->status);
            header('Content-Type: application/json; charset=utf-8');
            header('Cache-Control: no-store');
            header('X-Content-Type-Options: nosniff');
        }
        echo self::encode($this->body);
    }
}
