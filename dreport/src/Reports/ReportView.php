<?php

declare(strict_types=1);

namespace Dreport\Reports;

use Dreport\Viewer\Chart;
use Dreport\Viewer\Format;
use Dreport\Viewer\I18n;

/**
 * What a report needs to turn an answer into display blocks: texts, number formats,
 * charts and links back to the same report with other parameters.
 */
final class ReportView
{
    public readonly Format $fmt;
    public readonly Chart $chart;

    /**
     * @param array<string,string> $base parameters every link keeps (r, id)
     * @param string|null $navBlocked null, or the expiry warning shown instead of
     *        navigation and drill-down links (E-nav with an expired subscription)
     */
    public function __construct(
        public readonly I18n $i18n,
        private string $page,
        private array $base,
        public readonly ?string $navBlocked = null,
    ) {
        $this->fmt = new Format($i18n);
        $this->chart = new Chart($this->fmt);
    }

    /**
     * A drill-down table cell: a link to this report with $params, or (navigation blocked
     * by an expired subscription) the plain text with the warning as its title.
     *
     * @param array<string,string> $params
     * @return array<string,mixed>
     */
    public function drill(string $text, array $params, string $class = 'drill'): array
    {
        if ($this->navBlocked !== null) {
            return ['text' => $text, 'title' => $this->navBlocked, 'class' => $class . ' blocked'];
        }
        return ['text' => $text, 'href' => $this->url($params), 'class' => $class];
    }

    /** "1 234,56 лв" / "1,234.56 €": the amount with its currency sign (sign may be ''). */
    public function money(mixed $amount, string $sign = ''): string
    {
        return trim($this->fmt->money($amount) . ' ' . $sign);
    }

    /**
     * The euro-changeover caption for a chart/total over $w in currency $shown, or null when
     * the window lies on one side of 2026-01-01 (see Currency).
     */
    public function euroNote(Window $w): ?string
    {
        if (!Currency::spansChange($w)) {
            return null;
        }
        return $this->t(
            'euro_note',
            Currency::changeover()->format('d.m.Y'),
            $this->fmt->number(Currency::RATE, 5),
            Currency::sign(Currency::shownIn($w))
        );
    }

    public function t(string $key, mixed ...$args): string
    {
        return $this->i18n->t($key, ...$args);
    }

    /** @param array<string,string> $params */
    public function url(array $params): string
    {
        return $this->page . '?' . http_build_query($this->base + $params, '', '&', PHP_QUERY_RFC3986);
    }

    /** Period label: "Ср, 25.11.2026" (D1/D7) or "Ноември 2026" (M, M1). */
    public function periodLabel(Period $p): string
    {
        return in_array($p->kind, [Period::M, Period::M1], true)
            ? $this->fmt->monthLabel($p->date)
            : $this->fmt->dayLabel($p->date);
    }

    /**
     * Column specs from I18n keys; a leading `#` marks a right-aligned numeric column
     * (`'#receipts'`), a bare `#` is a numeric "#" column.
     *
     * @return list<array{0:string,1:bool}>
     */
    public function cols(string ...$keys): array
    {
        return array_map(function (string $k): array {
            $num = str_starts_with($k, '#');
            $key = $num ? substr($k, 1) : $k;
            return [$key === '' ? '#' : $this->t($key), $num];
        }, $keys);
    }

    /**
     * @param list<array{0:string,1?:bool}> $columns label, numeric?
     * @param list<list<mixed>> $rows
     * @param list<mixed>|null $foot
     * @return array<string,mixed>
     */
    public function table(string $title, array $columns, array $rows, ?array $foot = null, string $class = ''): array
    {
        return [
            'type' => 'table', 'title' => $title, 'class' => $class,
            'columns' => array_map(
                static fn (array $c): array => ['label' => $c[0], 'num' => $c[1] ?? false],
                $columns
            ),
            'rows' => $rows, 'foot' => $foot,
        ];
    }

    /** @return array<string,mixed> */
    public function note(string $text, string $class = 'muted'): array
    {
        return ['type' => 'note', 'text' => $text, 'class' => $class];
    }

    /**
     * @param list<array{label:string,value:string,sub?:string}> $items
     * @return array<string,mixed>
     */
    public function stats(array $items): array
    {
        return ['type' => 'stats', 'items' => $items];
    }

    /** @return array<string,mixed> */
    public function chartBlock(string $title, string $svg, ?string $caption = null): array
    {
        return ['type' => 'chart', 'title' => $title, 'svg' => $svg, 'caption' => $caption];
    }

    /**
     * Text of a row value (names from shops are shown escaped by the template). The key is
     * looked up upper-cased, as Task::rows() stores it.
     *
     * @param array<string,mixed> $row
     */
    public static function text(array $row, string $key): string
    {
        $v = $row[$key] ?? $row[mb_strtoupper($key, 'UTF-8')] ?? '';
        return is_scalar($v) ? trim((string) $v) : '';
    }

    /** @param array<string,mixed> $row */
    public static function num(array $row, string $key): float
    {
        return Format::toFloat($row[$key] ?? $row[mb_strtoupper($key, 'UTF-8')] ?? 0);
    }

    /** @param array<string,mixed> $row */
    public static function has(array $row, string $key): bool
    {
        return isset($row[$key]) || isset($row[mb_strtoupper($key, 'UTF-8')]);
    }
}
