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

    /** @param array<string,string> $base parameters every link keeps (r, id) */
    public function __construct(public readonly I18n $i18n, private string $page, private array $base)
    {
        $this->fmt = new Format($i18n);
        $this->chart = new Chart($this->fmt);
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

    /** Period label: "Ср, 25.11.2026" or "Ноември 2026". */
    public function periodLabel(Period $p): string
    {
        return $p->kind === Period::MONTH ? $this->fmt->monthLabel($p->start) : $this->fmt->dayLabel($p->start);
    }

    /**
     * Day / month switch for reports offered for both.
     *
     * @return array<string,mixed>
     */
    public function scopeTabs(ReportParams $p): array
    {
        $period = $p->period;
        $day = $period === null ? [] : ['d' => $period->end->format('Y-m-d')];
        $month = $period === null ? [] : ['m' => $period->start->format('Y-m')];
        $keep = $p->group !== null ? ['g' => (string) $p->group, 'gn' => $p->groupName] : [];
        return ['type' => 'tabs', 'items' => [
            [
                'label' => $this->t('day'),
                'href' => $this->url(['p' => 'day'] + $day + $keep),
                'active' => $p->scope === Period::DAY,
            ],
            [
                'label' => $this->t('month'),
                'href' => $this->url(['p' => 'month'] + $month + $keep),
                'active' => $p->scope === Period::MONTH,
            ],
        ]];
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
    public function chartBlock(string $title, string $svg): array
    {
        return ['type' => 'chart', 'title' => $title, 'svg' => $svg];
    }

    /** Text of a row value (names from shops are shown escaped by the template). */
    public static function text(array $row, string $key): string
    {
        $v = $row[$key] ?? '';
        return is_scalar($v) ? trim((string) $v) : '';
    }

    public static function num(array $row, string $key): float
    {
        return Format::toFloat($row[$key] ?? 0);
    }
}
