<?php

declare(strict_types=1);

namespace Dreport\Tests\Unit;

use Dreport\ClientIp;
use Dreport\IpMatcher;
use PHPUnit\Framework\TestCase;

final class IpTest extends TestCase
{
    public function testExactAndCidrMatchingIpv4AndIpv6(): void
    {
        self::assertTrue(IpMatcher::matches('127.0.0.1', '127.0.0.1'));
        self::assertTrue(IpMatcher::matches('::ffff:127.0.0.1', '127.0.0.1'));
        self::assertTrue(IpMatcher::matches('0:0:0:0:0:0:0:1', '::1'));
        self::assertTrue(IpMatcher::matches('10.1.2.3', '10.0.0.0/8'));
        self::assertFalse(IpMatcher::matches('11.1.2.3', '10.0.0.0/8'));
        self::assertTrue(IpMatcher::matches('192.168.5.77', '192.168.4.0/23'));
        self::assertFalse(IpMatcher::matches('192.168.6.1', '192.168.4.0/23'));
        self::assertTrue(IpMatcher::matches('2001:db8::42', '2001:db8::/32'));
        self::assertFalse(IpMatcher::matches('2001:db9::42', '2001:db8::/32'));
        self::assertFalse(IpMatcher::matches('::1', '127.0.0.1'));
        self::assertFalse(IpMatcher::matches('garbage', 'garbage'));
        self::assertFalse(IpMatcher::matches("127.0.0.1' OR '1'='1", '127.0.0.1'));
        self::assertFalse(IpMatcher::matches('10.0.0.1', '10.0.0.0/99'));
        self::assertSame('::1', IpMatcher::canonical('0:0::1'));
        self::assertNull(IpMatcher::canonical('1.2.3'));
    }

    public function testForwardedForIgnoredFromUntrustedPeer(): void
    {
        $server = ['REMOTE_ADDR' => '203.0.113.9', 'HTTP_X_FORWARDED_FOR' => '127.0.0.1'];
        self::assertSame('203.0.113.9', ClientIp::resolve($server, []));
        self::assertSame('203.0.113.9', ClientIp::resolve($server, ['10.0.0.0/8']));
    }

    public function testForwardedForHonouredFromTrustedProxy(): void
    {
        $server = ['REMOTE_ADDR' => '10.0.0.5', 'HTTP_X_FORWARDED_FOR' => '127.0.0.1, 198.51.100.7, 10.0.0.4'];
        // Walk from the right: 10.0.0.4 is a proxy too, 198.51.100.7 is the real client;
        // the left-most (client-written) 127.0.0.1 is never believed.
        self::assertSame('198.51.100.7', ClientIp::resolve($server, ['10.0.0.0/8']));
        $server['HTTP_X_FORWARDED_FOR'] = 'not-an-ip';
        self::assertSame('10.0.0.5', ClientIp::resolve($server, ['10.0.0.0/8']));
        $server = ['REMOTE_ADDR' => '::1', 'HTTP_X_FORWARDED_FOR' => '2001:db8::7'];
        self::assertSame('2001:db8::7', ClientIp::resolve($server, ['::1']));
    }
}
