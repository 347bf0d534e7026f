<?php

declare(strict_types=1);

namespace Dreport\Viewer;

use Dreport\Db;
use Dreport\Reports\Registry;
use Dreport\Reports\Report;

/**
 * The report buttons (`t_reports`) of one object, chosen as the original rptlist did
 * (shop-reports.md §C), so a production catalogue works unchanged:
 * - rows for all objects (empty r_objectid) and rows for exactly this object, in r_order;
 * - DB type: when both r_appdbtype and the object's s_appdbtype are non-empty, the row is
 *   shown when some letter of s_appdbtype occurs in r_appdbtype (ONCE, however many
 *   letters match; so an object typed `*` does not see R-only reports); when either is
 *   empty, always;
 * - rows whose r_href is `articles.php` are not in the grid but below it (object-filtered,
 *   not DB-type filtered);
 * - each button links to `<r_href>?id=<object>`; the original page files exist on this
 *   site and lead to the viewer's one entry point. Buttons are never hidden because a
 *   page is missing: a page this site does not have says so itself;
 * - a row whose r_href is not a relative page link (`#`, empty, an external URL) is an
 *   inert button, as it was (it led nowhere);
 * - once the subscription has expired, the buttons of E-block reports are inert.
 */
final class Catalog
{
    public const ARTICLES = 'articles.php';

    public function __construct(private Db $db)
    {
    }

    /**
     * @return array{grid: list<array<string,mixed>>, extra: list<array<string,mixed>>}
     *         each button: name, title, href (null = inert), color, textcolor, inert
     */
    public function buttons(string $objectId, ?string $dbType, string $lang, bool $expired = false): array
    {
        $grid = [];
        $extra = [];
        foreach ($this->rows($objectId) as $r) {
            $href = trim((string) ($r['r_href'] ?? ''));
            $isArticles = strcasecmp((string) strtok($href, '?'), self::ARTICLES) === 0;
            if (!$isArticles && !self::dbTypeMatches((string) ($r['r_appdbtype'] ?? ''), (string) $dbType)) {
                continue;
            }
            $link = self::href($href, $objectId);
            $report = Registry::forHref($href);
            $inert = $link === null || ($expired && $report !== null && $report->expiry() === Subscription::E_BLOCK);
            $button = [
                'id' => (int) $r['r_id'],
                'name' => (string) $r['r_name'],
                'title' => self::friendly($r, $lang),
                'href' => $inert ? null : $link,
                'inert' => $inert,
                'color' => self::color($r['r_color'] ?? null, '#1e6fd9'),
                'textcolor' => self::color($r['r_textcolor'] ?? null, '#ffffff'),
            ];
            if ($isArticles) {
                $extra[] = $button;
            } else {
                $grid[] = $button;
            }
        }
        return ['grid' => $grid, 'extra' => $extra];
    }

    /**
     * The friendly name of a report for an object: the row named like the report, else a
     * row whose page leads to it; null when the catalogue has neither.
     */
    public function title(Report $report, string $objectId, string $lang): ?string
    {
        $byHref = null;
        foreach ($this->rows($objectId) as $r) {
            if ((string) $r['r_name'] === $report->name()) {
                return self::friendly($r, $lang);
            }
            if ($byHref === null && Registry::forHref((string) ($r['r_href'] ?? '')) === $report) {
                $byHref = self::friendly($r, $lang);
            }
        }
        return $byHref;
    }

    /** @return list<array<string,mixed>> object-specific rows first among equal r_order */
    private function rows(string $objectId): array
    {
        return $this->db->all(
            "SELECT r_id, r_objectid, r_name, r_friendlyname_bg, r_friendlyname_en, r_href, r_appdbtype,
                    r_order, r_color, r_textcolor
               FROM t_reports
              WHERE r_objectid = '' OR r_objectid IS NULL OR r_objectid = ?
              ORDER BY r_order, r_id",
            [$objectId]
        );
    }

    /** @param array<string,mixed> $r */
    private static function friendly(array $r, string $lang): string
    {
        $t = trim((string) ($lang === 'en' ? ($r['r_friendlyname_en'] ?? '') : ($r['r_friendlyname_bg'] ?? '')));
        if ($t === '') {
            $t = trim((string) (($r['r_friendlyname_bg'] ?? '') ?: ($r['r_friendlyname_en'] ?? '') ?: $r['r_name']));
        }
        return $t;
    }

    /**
     * The DB-type rule (§C step 4): either side empty → shown; else shown once when any
     * character of the object's type occurs in the report's (case-insensitive).
     */
    public static function dbTypeMatches(string $reportTypes, string $objectTypes): bool
    {
        $want = strtoupper(trim($reportTypes));
        $have = strtoupper(trim($objectTypes));
        if ($want === '' || $have === '') {
            return true;
        }
        foreach (str_split($have) as $ch) {
            if (str_contains($want, $ch)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Only relative links to a PHP page of the site, with the object id appended; null for
     * anything else (`#`, schemes, `//host`, traversal).
     */
    public static function href(string $href, string $objectId): ?string
    {
        $href = trim($href);
        if (!preg_match('#^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\.php(\?[A-Za-z0-9_=&%.-]*)?$#', $href)) {
            return null;
        }
        $sep = str_contains($href, '?') ? (str_ends_with($href, '?') || str_ends_with($href, '&') ? '' : '&') : '?';
        return $href . $sep . 'id=' . rawurlencode($objectId);
    }

    /**
     * `#rgb`/`#rrggbb(aa)` or a colour name, else $default. Production has "light-green",
     * which CSS does not know: names are written without hyphens ("lightgreen").
     */
    public static function color(mixed $c, string $default): string
    {
        if (!is_string($c)) {
            return $default;
        }
        $c = trim($c);
        if (preg_match('/^#[0-9A-Fa-f]{3,8}$/', $c)) {
            return $c;
        }
        return preg_match('/^[A-Za-z][A-Za-z-]{2,29}$/', $c) ? strtolower(str_replace('-', '', $c)) : $default;
    }
}
