<?php

declare(strict_types=1);

namespace Dreport\Admin;

/**
 * A device id is the viewer's only credential (`index.php?id=` opens that device's shops),
 * so operators without the admin right see it masked: first and last two characters
 * (enough to tell devices apart on a page), never enough to open the device.
 */
final class DeviceIdMask
{
    public static function mask(string $deviceId): string
    {
        $n = mb_strlen($deviceId);
        if ($n <= 8) {
            return str_repeat('•', max(1, $n));
        }
        return mb_substr($deviceId, 0, 2) . '…' . mb_substr($deviceId, -2);
    }

    /** Masks every "device <id>" in a free text (event log descriptions; a trailing `:` or `.` is punctuation). */
    public static function maskText(string $text): string
    {
        return (string) preg_replace_callback(
            '/\b(device\s+)([A-Za-z0-9._:@-]{0,63}[A-Za-z0-9_@-])/i',
            static fn (array $m): string => $m[1] . self::mask($m[2]),
            $text
        );
    }
}
