<?php

declare(strict_types=1);

namespace Dreport\Tests\Viewer;

use DateTimeImmutable;
use Dreport\Viewer\Catalog;
use Dreport\Viewer\Chart;
use Dreport\Viewer\DeviceObjects;
use Dreport\Viewer\Format;
use Dreport\Viewer\I18n;
use Dreport\Viewer\ResultCodes;
use Dreport\Viewer\Subscription;
use PHPUnit\Framework\TestCase;

/** The viewer's pure rules: result codes, languages, validation, banners, catalogue filters. */
final class RulesTest extends TestCase
{
    public function testEveryResultCodeHasAMessageAndOnlyZeroIsSuccess(): void
    {
        foreach (['bg', 'en'] as $lang) {
            $t = new I18n($lang);
            foreach ([100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 1000, 1004, 1007, 1011, 1021, 5, -1] as $code) {
                $m = ResultCodes::message($code, $t);
                self::assertNotSame('', $m);
                self::assertStringNotContainsString('rc_', $m, "$lang $code");
            }
        }
        $en = new I18n('en');
        self::assertStringContainsString('client offline', ResultCodes::message(200, $en));
        self::assertStringContainsString('busy', ResultCodes::message(201, $en));
        self::assertStringContainsString('no answer', ResultCodes::message(203, $en));
        self::assertStringContainsString('Wrong object password', ResultCodes::message(1004, $en));
        self::assertStringContainsString('SQL error', ResultCodes::message(1007, $en));
        self::assertStringContainsString('expired', ResultCodes::message(1011, $en));
        self::assertSame('System error (code 1013).', ResultCodes::message(1013, $en));
        self::assertSame('System error (code 1021).', ResultCodes::message(1021, $en), '1021 has no own text (§D)');
        self::assertSame('System error (code -1).', ResultCodes::message(-1, $en));
        foreach (ResultCodes::KNOWN as $code) {
            self::assertStringNotContainsString('System error', ResultCodes::message($code, $en), (string) $code);
        }
        self::assertTrue(ResultCodes::isSuccess(['ResultCode' => 0]));
        self::assertTrue(ResultCodes::isSuccess(['ResultCode' => '0']));
        foreach ([[], ['ResultCode' => null], ['ResultCode' => 'OK'], ['ResultCode' => 0.0], ['ResultCode' => 200], ['ResultCode' => [0]]] as $a) {
            self::assertFalse(ResultCodes::isSuccess($a), json_encode($a));
        }
        self::assertNull(ResultCodes::detail(['ResultMessage' => 'OK']));
        self::assertSame('Wrong password', ResultCodes::detail(['ResultMessage' => 'Wrong password']));
    }

    public function testBothLanguagesAreComplete(): void
    {
        $bg = new I18n('bg');
        $en = new I18n('en');
        foreach (I18n::keys() as $k) {
            self::assertNotSame('', $bg->t($k), $k);
            self::assertNotSame('', $en->t($k), $k);
        }
        self::assertSame('bg', I18n::negotiate(null, null), 'Bulgarian by default');
        self::assertSame('bg', I18n::negotiate('xx', null));
        self::assertSame('bg', I18n::negotiate('bg', 'en'));
        self::assertSame('en', I18n::negotiate('xx', 'en'));
        self::assertSame('en', I18n::negotiate('en', null));
        self::assertSame('Ноември', $bg->monthName(11));
    }

    public function testValidators(): void
    {
        self::assertSame('demo-phone-1', DeviceObjects::validDeviceId(' demo-phone-1 '));
        self::assertSame('A1:b2.c@d_e', DeviceObjects::validDeviceId('A1:b2.c@d_e'));
        foreach (['', str_repeat('a', 65), "x'y", 'a b', '<x>', ['a']] as $bad) {
            self::assertNull(DeviceObjects::validDeviceId($bad));
        }
        self::assertSame('3769d93a', DeviceObjects::validObjectId('3769d93a'));
        foreach (['', '3769-93a', str_repeat('a', 21), "a'", null] as $bad) {
            self::assertNull(DeviceObjects::validObjectId($bad));
        }
        self::assertSame(3, DeviceObjects::validOffset('+3'));
        self::assertSame(8, DeviceObjects::validOffset('8'));
        self::assertSame(0, DeviceObjects::validOffset(0));
        foreach (['9', '-1', '-12', '14', '1.5', 'x', '', '3h'] as $bad) {
            self::assertNull(DeviceObjects::validOffset($bad));
        }
        self::assertSame('Магазин', DeviceObjects::cleanName(" Мага\x01зин "));
        self::assertNull(DeviceObjects::cleanName(str_repeat('я', 31)));
        self::assertSame(str_repeat('я', 30), DeviceObjects::cleanName(str_repeat('я', 30)));
        // The business day: Sofia 02:30 with offset 3 is still the previous day.
        $now = new DateTimeImmutable('2026-11-26 02:30:00', new \DateTimeZone('Europe/Sofia'));
        self::assertSame('2026-11-25', DeviceObjects::today(['d_timeoffset' => 3], $now)->format('Y-m-d'));
        self::assertSame('2026-11-26', DeviceObjects::today(['d_timeoffset' => 2], $now)->format('Y-m-d'));
        self::assertSame('2026-11-26', DeviceObjects::today(['d_timeoffset' => -1], $now)->format('Y-m-d'), 'out of range = 0');
    }

    public function testSubscriptionBanner(): void
    {
        $t = new I18n('en');
        $today = new DateTimeImmutable('2026-11-25');
        $row = static fn (?string $exp, int $active = 1): array => ['s_objectid' => 'x', 's_expiredate' => $exp, 's_active' => $active];
        self::assertSame('unknown', Subscription::banner(null, $today, $t)['state']);
        self::assertSame('unknown', Subscription::banner(['s_objectid' => null], $today, $t)['state']);
        self::assertSame('inactive', Subscription::banner($row('2099-01-01', 0), $today, $t)['state']);
        self::assertSame('expired', Subscription::banner($row('2026-11-24'), $today, $t)['state']);
        self::assertStringContainsString('24.11.2026', Subscription::banner($row('2026-11-24'), $today, $t)['text']);
        self::assertSame('soon', Subscription::banner($row('2026-11-25'), $today, $t)['state']);
        self::assertSame('soon', Subscription::banner($row('2026-12-09'), $today, $t)['state']);
        self::assertStringContainsString('in 14 days', Subscription::banner($row('2026-12-09'), $today, $t)['text']);
        self::assertSame('ok', Subscription::banner($row('2026-12-10'), $today, $t)['state']);
    }

    public function testCatalogLetterRule(): void
    {
        // Either side empty: shown.
        self::assertTrue(Catalog::dbTypeMatches('', 'R'));
        self::assertTrue(Catalog::dbTypeMatches('R', ''));
        self::assertTrue(Catalog::dbTypeMatches(' ', 'RL'));
        // Both set: shown when a letter of the object's type occurs in the report's.
        self::assertTrue(Catalog::dbTypeMatches('R', 'RL'));
        self::assertTrue(Catalog::dbTypeMatches('RL', 'RL'), 'once, not twice');
        self::assertTrue(Catalog::dbTypeMatches('R', 'RMCL'));
        self::assertTrue(Catalog::dbTypeMatches('r', 'R'));
        self::assertFalse(Catalog::dbTypeMatches('R', '*'), 'an object typed * does not see R-only reports');
        self::assertFalse(Catalog::dbTypeMatches('R', 'CL'));
        self::assertFalse(Catalog::dbTypeMatches('S', 'R'));
        self::assertSame('dayturnover.php?id=3769d93a', Catalog::href('dayturnover.php', '3769d93a'));
        self::assertSame('report.php?r=voidplues&id=3769d93a', Catalog::href('report.php?r=voidplues', '3769d93a'));
        self::assertSame('lightgreen', Catalog::color('light-green', '#000'));
        self::assertSame('#00B79C', Catalog::color('#00B79C', '#000'));
        self::assertSame('#000', Catalog::color('red;background:url(x)', '#000'));
        self::assertSame('#000', Catalog::color(null, '#000'));
        foreach (['#', 'javascript:alert(1)', '//evil.example/x.php', 'http://evil/x.php', '../admin/index.php', 'x.php?a="><b>', ''] as $bad) {
            self::assertNull(Catalog::href($bad, 'x'), $bad);
        }
    }

    public function testExpiryRuleIsOneRule(): void
    {
        $today = new DateTimeImmutable('2026-11-25');
        $row = static fn (?string $exp, int $active = 1): array => ['s_objectid' => 'x', 's_expiredate' => $exp, 's_active' => $active];
        self::assertFalse(Subscription::isExpired($row('2026-11-25'), $today), 'the expiry date is the last valid day');
        self::assertTrue(Subscription::isExpired($row('2026-11-24'), $today));
        self::assertTrue(Subscription::isExpired($row('2099-01-01', 0), $today));
        self::assertTrue(Subscription::isExpired(['s_objectid' => null], $today));
        self::assertTrue(Subscription::isExpired($row(null), $today));
        self::assertSame(
            'Subscription for this location was expired on: 24.11.2026',
            Subscription::warning($row('2026-11-24'), new I18n('en'))
        );
        self::assertStringContainsString('CURDATE()', Subscription::SQL_EXPIRED);
    }

    public function testFormatsAndChart(): void
    {
        $bg = new Format(new I18n('bg'));
        $en = new Format(new I18n('en'));
        self::assertSame("1\u{00a0}234,50", $bg->money(1234.5));
        self::assertSame('1,234.50', $en->money('1234.5'));
        self::assertSame('2.5', $en->qty(2.5));
        self::assertSame('3', $en->qty(3.0));
        self::assertSame('0.00', $en->money('abc'));
        self::assertSame('2026-11-25 12:30:00', Format::parseClientDate('25.11.2026 12:30')?->format('Y-m-d H:i:s'));
        self::assertNull(Format::parseClientDate('31.02.2026'));
        $svg = (new Chart($en))->columns('T', ['a<b', 'c'], [1.5, 0.0], 0.75, 'avg');
        self::assertStringContainsString('data-label="a&lt;b" data-value="1.5"', $svg);
        self::assertStringContainsString('class="avg" data-value="0.75"', $svg);
        self::assertNotFalse(simplexml_load_string($svg), 'well-formed SVG');
        // A month of 29 days: every 3rd day and the last are labelled, never two neighbours (28 and 29).
        $days = array_map('strval', range(1, 29));
        $svg = (new Chart($en))->columns('M', $days, array_fill(0, 29, 5.0));
        preg_match_all('#<text [^>]*class="lbl"[^>]*>(\d+)</text>#', $svg, $m);
        $shown = array_map('intval', $m[1]);
        self::assertContains(29, $shown);
        self::assertNotContains(28, $shown);
        foreach ($shown as $i => $d) {
            self::assertTrue($i === 0 || $d - $shown[$i - 1] >= 2, 'labels ' . implode(',', $shown));
        }
        $svg = (new Chart($en))->bars('T', ['x & y'], [10.0]);
        self::assertNotFalse(simplexml_load_string($svg));
    }
}
