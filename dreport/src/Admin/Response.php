<?php

declare(strict_types=1);

namespace Dreport\Admin;

/**
 * An HTTP answer of the admin panel, built by a page and sent by the front controller.
 */
final class Response
{
    /** @param array<string,string> $headers */
    public function __construct(
        public readonly int $status,
        public readonly string $body,
        public readonly array $headers = [],
    ) {
    }

    public static function redirect(string $location): self
    {
        return new self(303, '', ['Location' => $location]);
    }

    public function send(): void
    {
        if (!headers_sent()) {
            http_response_code($this->status);
            $defaults = [
                'Content-Type' => 'text/html; charset=utf-8',
                'X-Content-Type-Options' => 'nosniff',
                'X-Frame-Options' => 'DENY',
                'Referrer-Policy' => 'same-origin',
                'Cache-Control' => 'no-store',
                'Content-Security-Policy' => "default-src 'self'; img-src 'self' data:; "
                    . "style-src 'self' 'unsafe-inline'; script-src 'self'; form-action 'self'; "
                    . "frame-ancestors 'none'; base-uri 'none'",
            ];
            foreach ($this->headers + $defaults as $name => $value) {
                header($name . ': ' . str_replace(["\r", "\n"], '', $value));
            }
        }
        echo $this->body;
    }
}
