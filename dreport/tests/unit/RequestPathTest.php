<?php

declare(strict_types=1);

namespace Dreport\Tests\Unit;

use Dreport\Admin\DeviceIdMask;
use Dreport\LogMask;
use Dreport\RequestPath;
use PHPUnit\Framework\TestCase;

/** The rules behind both php -S routers, the access-log mask and the device-id mask. */
final class RequestPathTest extends TestCase
{
    public function testOnlyCanonicalEntryPointsPass(): void
    {
        foreach (
            [
                '/dreport/', '/dreport/index.php?id=0a1b2c3d4e5f6789', '/dreport/device.php', '/dreport/api.php/objectinfo',
                '/dreport/admin/', '/dreport/admin/index.php?page=login', '/dreport/assets/base.css',
                '/dreport/BOSSalesTurnover.php', '/dreport/ActivePromotionsCSS.php', '/dreport/assets/favicon.ico',
            ] as $ok
        ) {
            self::assertSame(200, RequestPath::check($ok)['status'], $ok);
        }
        self::assertSame(['status' => 302, 'path' => '/dreport/'], RequestPath::check('/'));
        self::assertSame(['status' => 200, 'path' => '/dreport/assets/favicon.ico'], RequestPath::check('/favicon.ico'));
        foreach (
            [
                '/dreport//tests/router.php', '/dreport//templates/viewer/error.php', '//dreport/index.php',
                '/dreport/./index.php', '/dreport/../schema.sql', '/dreport/%2e%2e/x.php', '/dreport/a%2fb.php',
                '/dreport/a%5cb.php', '/dreport/index.php%00', "/dreport/index.php\x01", '/dreport/.env',
                '/dreport/src/Config.php', '/dreport/templates/admin/login.php', '/dreport/tests/router.php',
                '/dreport/vendor/x.php', '/dreport/admin/../index.php', '/dreport/admin/x.php', '/dreport/phpunit.xml',
                '/dreport/assets/../src/App.php', '/schema.sql', 'dreport/index.php', '',
            ] as $bad
        ) {
            self::assertSame(404, RequestPath::check($bad)['status'], $bad);
        }
    }

    public function testPasswordParametersAreMaskedInEverySpelling(): void
    {
        $cases = [
            '/r/?id=1&u=user&p=s3cret' => '/r/?id=1&u=user&p=***',
            '/r/?u=user;p=s3cret' => '/r/?u=user;p=***',
            '/r/?u=user&p%00=s3cret' => '/r/?u=user&p%00=***',
            '/r/?P=s3cret' => '/r/?P=***',
            '/r/?%70=s3cret' => '/r/?%70=***',
            '/r/?%2570=s3cret' => '/r/?%2570=***',
            '/r/?p[]=s3cret' => '/r/?p[]=***',
            '/r/?p%5B%5D=s3cret' => '/r/?p%5B%5D=***',
            '/r/?+p=s3cret' => '/r/?+p=***',
            '/r/?password=s3cret&pswd=s3cret&Pass=s3cret' => '/r/?password=***&pswd=***&Pass=***',
            '/r/?p%3Ds3cret' => '/r/?param=***',
            '/r/?r=dayturnover&id=ab&d=2026-01-01' => '/r/?r=dayturnover&id=ab&d=2026-01-01',
        ];
        foreach ($cases as $in => $out) {
            self::assertSame($out, LogMask::uri($in), $in);
            self::assertStringNotContainsString('s3cret', LogMask::uri($in));
        }
        self::assertSame('/x\x0a?a=1', LogMask::uri("/x\n?a=1"), 'no control characters in a log line');
    }

    public function testDeviceIdsAreMasked(): void
    {
        self::assertSame('0a…89', DeviceIdMask::mask('0a1b2c3d4e5f6789'));
        self::assertSame('••••••••', DeviceIdMask::mask('short-id'));
        self::assertSame(
            'report x device de…-1 rc=0; Device 0a…89: object 3769d93a added',
            DeviceIdMask::maskText('report x device demo-phone-1 rc=0; Device 0a1b2c3d4e5f6789: object 3769d93a added')
        );
    }
}
