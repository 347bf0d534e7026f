<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * The viewer's reports by name. The name in the URL is looked up here (a whitelist):
 * it never selects a file or a class by itself.
 */
final class Registry
{
    /** @return array<string,Report> */
    public static function all(): array
    {
        $out = [];
        $reports = [
            new DayTurnover(),
            new MonthTurnover(),
            new TopItems(),
            new Groups(),
            new Operators(),
            new OpenBills(),
            new Voided(),
        ];
        foreach ($reports as $r) {
            $out[$r->name()] = $r;
        }
        return $out;
    }

    public static function get(mixed $name): ?Report
    {
        return is_string($name) ? (self::all()[$name] ?? null) : null;
    }
}
