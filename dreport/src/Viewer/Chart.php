<?php

declare(strict_types=1);

namespace Dreport\Viewer;

/**
 * Server-rendered SVG charts for the report pages: no JavaScript, no library, drawn in a
 * 340-unit-wide viewBox that scales to the card so text stays about 11 px on a 360 px
 * phone. Every label is escaped (item and operator names come from shops' PCs). Each bar
 * carries `data-label` and `data-value` (the exact number from the client) so tests and
 * screen readers can check what was drawn.
 */
final class Chart
{
    private const W = 340;

    public function __construct(private Format $fmt)
    {
    }

    /**
     * Vertical columns (e.g. turnover per day) with an optional dashed average line.
     *
     * @param list<string> $labels one short label per column (shown under it)
     * @param list<float> $values
     */
    public function columns(
        string $title,
        array $labels,
        array $values,
        ?float $average = null,
        string $avgLabel = ''
    ): string {
        $n = count($values);
        $h = 200;
        $top = 18;
        $bottom = 34;
        $left = 6;
        $plotW = self::W - 2 * $left;
        $plotH = $h - $top - $bottom;
        $max = max(1.0, ...array_map('floatval', $values ?: [0.0]));
        if ($average !== null) {
            $max = max($max, $average);
        }
        $max *= 1.08;
        $slot = $plotW / max(1, $n);
        $bw = min(34.0, $slot * 0.7);
        $labelEvery = (int) max(1, ceil($n / 10));
        $svg = $this->open($title, $h, 'chart-columns');
        $axisY = $top + $plotH;
        $axis = '<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" class="axis"/>';
        $svg .= sprintf($axis, $left, $axisY, self::W - $left, $axisY);
        foreach ($values as $i => $v) {
            $v = (float) $v;
            $bh = $v > 0 ? max(1.0, $plotH * $v / $max) : 0.0;
            $x = $left + $slot * $i + ($slot - $bw) / 2;
            $y = $top + $plotH - $bh;
            $label = (string) ($labels[$i] ?? '');
            $svg .= sprintf(
                '<g class="bar" data-label="%s" data-value="%s"><title>%s: %s</title>'
                . '<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="2"/>',
                e($label),
                e(self::raw($v)),
                e($label),
                e($this->fmt->money($v)),
                $x,
                $y,
                $bw,
                $bh
            );
            if ($n <= 12) {
                $svg .= sprintf(
                    '<text x="%.1f" y="%.1f" class="val" text-anchor="middle">%s</text>',
                    $x + $bw / 2,
                    $y - 4,
                    e($this->fmt->short($v))
                );
            }
            // Every $labelEvery-th label and the last one, but no regular label too close to
            // the last (day 28 and day 29 of a month used to overlap).
            $last = $i === $n - 1;
            if ($last || ($i % $labelEvery === 0 && $n - 1 - $i >= $labelEvery)) {
                $svg .= sprintf(
                    '<text x="%.1f" y="%.1f" class="lbl" text-anchor="middle">%s</text>',
                    $x + $bw / 2,
                    $axisY + 14,
                    e($label)
                );
            }
            $svg .= '</g>';
        }
        if ($average !== null && $n > 0) {
            $y = $top + $plotH - $plotH * $average / $max;
            $svg .= sprintf(
                '<g class="avg" data-value="%s"><line x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>'
                . '<text x="%d" y="%.1f" text-anchor="end">%s %s</text></g>',
                e(self::raw($average)),
                $left,
                $y,
                self::W - $left,
                $y,
                self::W - $left,
                $h - 4,
                e($avgLabel),
                e($this->fmt->money($average))
            );
        }
        return $svg . '</svg>';
    }

    /**
     * Horizontal bars with the label above each bar and the value at its end: long names
     * (items, groups, operators) stay readable on a narrow screen.
     *
     * @param list<string> $labels
     * @param list<float> $values
     * @param list<string|null> $links optional link per bar (drill-down: the bar opens it)
     */
    public function bars(string $title, array $labels, array $values, array $links = []): string
    {
        $row = 34;
        $n = count($values);
        $h = max(1, $n) * $row + 4;
        $max = max(1.0, ...array_map('floatval', $values ?: [0.0]));
        $plotW = self::W - 80;
        $svg = $this->open($title, $h, 'chart-bars');
        foreach ($values as $i => $v) {
            $v = (float) $v;
            $y = $i * $row + 2;
            $w = $v > 0 ? max(1.0, $plotW * $v / $max) : 0.0;
            $label = (string) ($labels[$i] ?? '');
            $svg .= sprintf(
                '<g class="bar" data-label="%s" data-value="%s"><title>%s: %s</title>'
                . '<text x="0" y="%.1f" class="lbl">%s</text>'
                . '<rect x="0" y="%.1f" width="%.1f" height="12" rx="2"/>'
                . '<text x="%.1f" y="%.1f" class="val">%s</text></g>',
                e($label),
                e(self::raw($v)),
                e($label),
                e($this->fmt->money($v)),
                $y + 11,
                e(self::ellipsis($label, 44)),
                $y + 15,
                $w,
                $w + 4,
                $y + 25,
                e($this->fmt->money($v))
            );
            $link = $links[$i] ?? null;
            if ($link !== null && $link !== '') {
                // Wrap the bar just drawn in a link (SVG 2 href; escaped like every attribute).
                $start = strrpos($svg, '<g class="bar"');
                $svg = substr($svg, 0, (int) $start) . '<a href="' . e($link) . '" class="bar-link">'
                    . substr($svg, (int) $start) . '</a>';
            }
        }
        return $svg . '</svg>';
    }

    private function open(string $title, int $h, string $class): string
    {
        return sprintf(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" class="%s" role="img" aria-label="%s">'
                . '<title>%s</title>',
            self::W,
            $h,
            $class,
            e($title),
            e($title)
        );
    }

    /** Plain machine-readable number: no thousands separator, '.' decimal point. */
    public static function raw(float $v): string
    {
        $s = number_format($v, 2, '.', '');
        return rtrim(rtrim($s, '0'), '.');
    }

    private static function ellipsis(string $s, int $max): string
    {
        return mb_strlen($s) > $max ? mb_substr($s, 0, $max - 1) . '…' : $s;
    }
}
