<?php

declare(strict_types=1);

namespace Dreport\Viewer;

/**
 * Number and date formatting per language: Bulgarian `1 234,56`, English `1,234.56`.
 * Values from the client are JSON numbers, but a shop's driver might send numeric
 * strings: anything non-numeric is shown as-is (escaped by the template).
 */
final class Format
{
    public function __construct(private I18n $i18n)
    {
    }

    public static function toFloat(mixed $v): float
    {
        if (is_int($v) || is_float($v)) {
            return (float) $v;
        }
        if (is_string($v) && is_numeric(str_replace(',', '.', trim($v)))) {
            return (float) str_replace(',', '.', trim($v));
        }
        return 0.0;
    }

    public function money(mixed $v): string
    {
        return $this->number(self::toFloat($v), 2);
    }

    /** Quantities: up to 3 decimals, trailing zeros dropped. */
    public function qty(mixed $v): string
    {
        $f = self::toFloat($v);
        $s = $this->number($f, 3);
        $dec = $this->i18n->lang === 'bg' ? ',' : '.';
        if (str_contains($s, $dec)) {
            $s = rtrim(rtrim($s, '0'), $dec);
        }
        return $s;
    }

    public function int(mixed $v): string
    {
        return $this->number(self::toFloat($v), 0);
    }

    public function number(float $v, int $decimals): string
    {
        return $this->i18n->lang === 'bg'
            ? number_format($v, $decimals, ',', "\u{00a0}")
            : number_format($v, $decimals, '.', ',');
    }

    /** Short axis/bar label: 1234 → "1,2k" / "1.2k". */
    public function short(float $v): string
    {
        $abs = abs($v);
        if ($abs >= 1_000_000) {
            return $this->number($v / 1_000_000, 1) . 'M';
        }
        if ($abs >= 10_000) {
            return $this->number($v / 1000, 0) . 'k';
        }
        if ($abs >= 1000) {
            return $this->number($v / 1000, 1) . 'k';
        }
        return $this->number($v, $abs >= 100 || floor($v) == $v ? 0 : 1);
    }

    /** 25.11.2026 for both languages (the shops' convention). */
    public function date(\DateTimeInterface $d): string
    {
        return $d->format('d.m.Y');
    }

    /** "Ср, 25.11.2026" */
    public function dayLabel(\DateTimeInterface $d): string
    {
        return $this->i18n->weekday($d) . ', ' . $d->format('d.m.Y');
    }

    /** Chart label of a month: "Ное 2026" / "Nov 2026". */
    public function monthShort(\DateTimeInterface $d): string
    {
        return mb_substr($this->i18n->monthName((int) $d->format('n')), 0, 3) . ' ' . $d->format('Y');
    }

    /** "Ноември 2026" */
    public function monthLabel(\DateTimeInterface $d): string
    {
        return $this->i18n->monthName((int) $d->format('n')) . ' ' . $d->format('Y');
    }

    /**
     * Parse the client's `dd.mm.yyyy` (optionally with ` hh:mm[:ss]`) date strings; ISO
     * `yyyy-mm-dd[ hh:mm:ss]` is accepted too. The Delphi zero date (30.12.1899) is "empty".
     */
    public static function parseClientDate(mixed $v): ?\DateTimeImmutable
    {
        $re = '/^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?/';
        if (!is_string($v)) {
            return null;
        }
        $v = trim($v);
        if (preg_match('/^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?/', $v, $iso)) {
            $v = sprintf('%s.%s.%s', $iso[3], $iso[2], $iso[1])
                . (isset($iso[4]) ? sprintf(' %s:%s:%s', $iso[4], $iso[5], $iso[6] ?? '00') : '');
        }
        if (!preg_match($re, $v, $m) || str_starts_with($v, '30.12.1899')) {
            return null;
        }
        if (!checkdate((int) $m[2], (int) $m[1], (int) $m[3])) {
            return null;
        }
        return new \DateTimeImmutable(sprintf(
            '%04d-%02d-%02d %02d:%02d:%02d',
            (int) $m[3],
            (int) $m[2],
            (int) $m[1],
            (int) ($m[4] ?? 0),
            (int) ($m[5] ?? 0),
            (int) ($m[6] ?? 0)
        ));
    }

    /** "25.11.26 14:05" (the original's `d.m.y H:i`) of a client timestamp, or the raw text. */
    public static function clientDateTime(mixed $v): string
    {
        $d = self::parseClientDate($v);
        if ($d === null) {
            return is_scalar($v) ? (string) $v : '';
        }
        return $d->format('d.m.y H:i');
    }

    /** The time part "hh:mm" of a client datetime string, or the raw text. */
    public static function clientTime(mixed $v): string
    {
        $d = self::parseClientDate($v);
        if ($d === null) {
            return is_scalar($v) ? (string) $v : '';
        }
        return $d->format('H:i');
    }
}
