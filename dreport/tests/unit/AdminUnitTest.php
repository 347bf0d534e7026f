<?php

declare(strict_types=1);

namespace Dreport\Tests\Unit;

use Dreport\Admin\History;
use Dreport\Admin\Keyset;
use Dreport\Admin\Pages\RestIpPage;
use Dreport\Admin\Pages\UpdatesPage;
use Dreport\Admin\SvgChart;
use Dreport\Admin\User;
use Dreport\Api\RestApi;
use PHPUnit\Framework\TestCase;

final class AdminUnitTest extends TestCase
{
    public function testChartEscapesLabelsAndScalesToWholeSteps(): void
    {
        $svg = SvgChart::bars('<t>', ['<script>', 'b'], [3, 5], '"red');
        self::assertStringNotContainsString('<script>', $svg);
        self::assertStringContainsString('&lt;script&gt;: 3</title>', $svg);
        self::assertStringContainsString('fill="&quot;red"', $svg);
        self::assertStringContainsString('>8</text>', $svg, 'axis top 8 for a maximum of 5');
        self::assertSame(2, substr_count($svg, '<rect'));
        self::assertStringStartsWith('<svg', SvgChart::bars('empty', [], []));
    }

    public function testKeysetCursorIsStrict(): void
    {
        self::assertSame(['2026-01-02 03:04:05', '17'], Keyset::parse('2026-01-02 03:04:05|17'));
        self::assertSame(['2026-01-02 03:04:05.123', '1'], Keyset::parse('2026-01-02 03:04:05.123|1'));
        foreach (['', '2026-01-02|1', "2026-01-02 03:04:05|1 OR 1=1", '2026-01-02 03:04:05|', 'x|1'] as $bad) {
            self::assertNull(Keyset::parse($bad), $bad);
        }
    }

    public function testWhitelistRulesAreCanonicalised(): void
    {
        self::assertSame('2001:db8::1', RestIpPage::normalizeRule(' 2001:0DB8:0:0::1 '));
        self::assertSame('10.0.0.0/8', RestIpPage::normalizeRule('10.0.0.0/8'));
        self::assertSame('::/0', RestIpPage::normalizeRule('::/0'));
        foreach (['10.0.0.300', '10.0.0.0/33', '::1/129', 'localhost', "1.2.3.4'--", '1.2.3.4/x'] as $bad) {
            self::assertNull(RestIpPage::normalizeRule($bad), $bad);
        }
    }

    public function testUpdateFileNames(): void
    {
        foreach (['BosClient-1.0.0.6.zip', 'a', 'EBOCloudReportSvc.exe'] as $ok) {
            self::assertTrue(UpdatesPage::safeName($ok), $ok);
        }
        foreach (['', '.htaccess', '../x', 'a/b', 'a\\b', "a\0b", 'a b', 'x..y', str_repeat('a', 129), 'файл.zip'] as $bad) {
            self::assertFalse(UpdatesPage::safeName($bad), $bad);
        }
    }

    public function testApiDateAndObjectIdValidation(): void
    {
        self::assertSame('2031-02-03', RestApi::parseDate('2031-2-3'));
        self::assertSame('2024-02-29', RestApi::parseDate('2024-02-29'));
        foreach (['2023-02-29', '2031-13-01', '31-12-2030', '2031-1-1 ', '1969-12-31', ''] as $bad) {
            self::assertNull(RestApi::parseDate($bad), $bad);
        }
        self::assertTrue(RestApi::validObjectId('3769d93a'));
        self::assertFalse(RestApi::validObjectId("3769d93a' OR 1=1"));
        self::assertFalse(RestApi::validObjectId(str_repeat('a', 21)));
    }

    public function testRolePermissionsImplyEachOther(): void
    {
        $admin = User::fromRow(['a_id' => 1, 'a_username' => 'a', 'r_name' => 'X', 'r_can_admin' => 1]);
        foreach ([User::READ, User::WRITE, User::EDIT, User::ADMIN] as $p) {
            self::assertTrue($admin->can($p));
        }
        $reader = User::fromRow(['a_id' => 2, 'a_username' => 'r', 'r_name' => 'Reader', 'r_can_read' => 1]);
        self::assertTrue($reader->can(User::READ));
        self::assertFalse($reader->can(User::WRITE));
        self::assertFalse($reader->can(User::ADMIN));
        $orphan = User::fromRow(['a_id' => 3, 'a_username' => 'o', 'r_name' => null]);
        self::assertFalse($orphan->can(User::READ));
    }

    public function testHoursEndWithTheCurrentHour(): void
    {
        $h = History::hours(24, strtotime('2026-03-10 12:34:56'));
        self::assertCount(24, $h);
        self::assertSame('2026-03-10 12:00:00', $h[23]);
        self::assertSame('2026-03-09 13:00:00', $h[0]);
    }
}
