<?php

declare(strict_types=1);

namespace Dreport\Admin;

/**
 * Server-rendered SVG bar charts: no JavaScript library, readable on a phone, and every
 * label escaped (labels may one day carry names from shops' PCs).
 */
final class SvgChart
{
    /**
     * @param list<string> $labels x-axis labels, one per bar
     * @param list<int|float> $values
     */
    public static function bars(
        string $title,
        array $labels,
        array $values,
        string $color = '#1e6fd9',
        int $labelEvery = 6
    ): string {
        $w = 720;
        $h = 220;
        $left = 40;
        $bottom = 30;
        $top = 12;
        $n = max(1, count($values));
        $max = max(1.0, (float) max($values === [] ? [0] : $values));
        $max = self::niceMax($max);
        $plotW = $w - $left - 8;
        $plotH = $h - $top - $bottom;
        $bw = $plotW / $n;
        $out = sprintf(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s">',
            $w,
            $h,
            e($title)
        );
        $out .= '<title>' . e($title) . '</title>';
        for ($i = 0; $i <= 4; $i++) {
            $y = $top + $plotH - $plotH * $i / 4;
            $out .= sprintf(
                '<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#d9dee5" stroke-width="1"/>',
                $left,
                $y,
                $w - 8,
                $y
            );
            $out .= sprintf(
                '<text x="%d" y="%.1f" font-size="11" text-anchor="end" fill="#5d6773">%s</text>',
                $left - 4,
                $y + 4,
                e(self::fmt($max * $i / 4))
            );
        }
        foreach (array_values($values) as $i => $v) {
            $bh = $plotH * ((float) $v) / $max;
            $x = $left + $i * $bw;
            $out .= sprintf(
                '<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s: %s</title></rect>',
                $x + $bw * 0.1,
                $top + $plotH - $bh,
                max(1.0, $bw * 0.8),
                $bh,
                e($color),
                e($labels[$i] ?? ''),
                e(self::fmt((float) $v))
            );
            if ($labelEvery > 0 && $i % $labelEvery === 0) {
                $out .= sprintf(
                    '<text x="%.1f" y="%d" font-size="11" fill="#5d6773">%s</text>',
                    $x,
                    $h - 10,
                    e($labels[$i] ?? '')
                );
            }
        }
        return $out . '</svg>';
    }

    /** Axis top with four whole-number steps (1, 2, 2.5, 5 × 10^k): counts get integer ticks. */
    private static function niceMax(float $v): float
    {
        $step = max(1.0, $v / 4);
        $exp = 10 ** floor(log10($step));
        foreach ([1, 2, 2.5, 5, 10] as $m) {
            $candidate = $m * $exp;
            if ($candidate >= $step && abs($candidate - round($candidate)) < 1e-9) {
                return 4 * $candidate;
            }
        }
        return 40 * $exp;
    }

    private static function fmt(float $v): string
    {
        return abs($v - round($v)) < 0.001 ? (string) (int) round($v) : number_format($v, 1);
    }
}
