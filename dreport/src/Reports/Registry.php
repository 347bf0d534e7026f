<?php

declare(strict_types=1);

namespace Dreport\Reports;

/**
 * The viewer's reports: every concrete class in this folder that implements Report (found
 * by listing the folder, so a new report needs no line here). Names from URLs and
 * catalogue rows are looked up in this list (a whitelist): a URL never selects a file or
 * a class by itself.
 */
final class Registry
{
    /** @var array<string,Report>|null */
    private static ?array $all = null;

    /** @return array<string,Report> by name() */
    public static function all(): array
    {
        if (self::$all !== null) {
            return self::$all;
        }
        $out = [];
        foreach (glob(__DIR__ . '/*.php') ?: [] as $file) {
            $class = __NAMESPACE__ . '\\' . basename($file, '.php');
            if (!class_exists($class)) {
                continue;
            }
            $ref = new \ReflectionClass($class);
            if (!$ref->isInstantiable() || !$ref->implementsInterface(Report::class)) {
                continue;
            }
            $ctor = $ref->getConstructor();
            if ($ctor !== null && $ctor->getNumberOfRequiredParameters() > 0) {
                continue;
            }
            /** @var Report $r */
            $r = $ref->newInstance();
            if (isset($out[$r->name()])) {
                throw new \LogicException('two reports named ' . $r->name());
            }
            $out[$r->name()] = $r;
        }
        ksort($out);
        return self::$all = $out;
    }

    public static function get(mixed $name): ?Report
    {
        return is_string($name) ? (self::all()[$name] ?? null) : null;
    }

    /**
     * The report behind one of the original site's page files (`dayturnover.php`), compared
     * without regard to case (the original linked `UpdatePrice.php` to `updatePrice.php`).
     */
    public static function forPage(string $file): ?Report
    {
        $file = strtolower(basename($file));
        foreach (self::all() as $r) {
            foreach ($r->pages() as $p) {
                if (strtolower($p) === $file) {
                    return $r;
                }
            }
        }
        return null;
    }

    /**
     * The report a catalogue r_href leads to: `dayturnover.php[?...]`, or this site's
     * `report.php?r=<name>`; null for anything else (`#`, external links, unknown pages).
     */
    public static function forHref(string $href): ?Report
    {
        $href = trim($href);
        if (!preg_match('#^([A-Za-z0-9_-]+\.php)(\?.*)?$#', $href, $m)) {
            return null;
        }
        if (strtolower($m[1]) === 'report.php') {
            parse_str(ltrim($m[2] ?? '', '?'), $q);
            return self::get($q['r'] ?? null);
        }
        return self::forPage($m[1]);
    }
}
