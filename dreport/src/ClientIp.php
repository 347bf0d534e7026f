<?php

declare(strict_types=1);

namespace Dreport;

/**
 * The caller's IP address. X-Forwarded-For is honoured only when the direct peer is a
 * configured trusted proxy (DREPORT_TRUSTED_PROXIES); then the header is walked from the
 * right and the first address that is not itself a trusted proxy is the client. Anyone
 * else can write any X-Forwarded-For they like, so for them it is ignored.
 */
final class ClientIp
{
    /**
     * @param array<string,mixed> $server $_SERVER
     * @param list<string> $trustedProxies
     */
    public static function resolve(array $server, array $trustedProxies): string
    {
        $remote = (string) ($server['REMOTE_ADDR'] ?? '');
        $remoteCanon = IpMatcher::canonical($remote) ?? $remote;
        if ($trustedProxies === [] || !IpMatcher::matchesAny($remote, $trustedProxies)) {
            return $remoteCanon;
        }
        $xff = (string) ($server['HTTP_X_FORWARDED_FOR'] ?? '');
        if ($xff === '') {
            return $remoteCanon;
        }
        $hops = array_reverse(array_map('trim', explode(',', $xff)));
        $candidate = $remoteCanon;
        foreach ($hops as $hop) {
            $canon = IpMatcher::canonical($hop);
            if ($canon === null) {
                // Garbage in the chain: stop at the last address we could trust.
                return $candidate;
            }
            $candidate = $canon;
            if (!IpMatcher::matchesAny($canon, $trustedProxies)) {
                return $canon;
            }
        }
        return $candidate;
    }
}
