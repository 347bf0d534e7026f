<?php

declare(strict_types=1);

namespace Dreport\Viewer;

use Dreport\Db;

/**
 * The report buttons (`t_reports`) that apply to an object: global rows (empty
 * r_objectid) and rows for exactly that object, whose DB-type letters (r_appdbtype,
 * empty = any) share a letter with the object's s_appdbtype.
 */
final class Catalog
{
    public function __construct(private Db $db)
    {
    }

    /**
     * @return list<array{name:string, title:string, href:string, color:string, textcolor:string}>
     */
    public function buttons(string $objectId, ?string $dbType, string $lang, string $idParamValue): array
    {
        $rows = $this->db->all(
            "SELECT r_id, r_objectid, r_name, r_friendlyname_bg, r_friendlyname_en, r_href, r_appdbtype,
                    r_order, r_color, r_textcolor
               FROM t_reports
              WHERE r_objectid = '' OR r_objectid IS NULL OR r_objectid = ?
              ORDER BY r_order, r_id",
            [$objectId]
        );
        $out = [];
        foreach ($rows as $r) {
            if (!self::dbTypeMatches((string) ($r['r_appdbtype'] ?? ''), (string) $dbType)) {
                continue;
            }
            $href = self::href((string) ($r['r_href'] ?? ''), $idParamValue);
            if ($href === null || !self::pageExists($href)) {
                continue; // never a dead button (e.g. a legacy page this site does not have)
            }
            $title = (string) ($lang === 'en' ? ($r['r_friendlyname_en'] ?? '') : ($r['r_friendlyname_bg'] ?? ''));
            if ($title === '') {
                $title = (string) ($r['r_friendlyname_bg'] ?: $r['r_friendlyname_en'] ?: $r['r_name']);
            }
            $out[] = [
                'name' => (string) $r['r_name'],
                'title' => $title,
                'href' => $href,
                'color' => self::color($r['r_color'] ?? null, '#1e6fd9'),
                'textcolor' => self::color($r['r_textcolor'] ?? null, '#ffffff'),
            ];
        }
        return $out;
    }

    /** The friendly name of a report by r_name (global or for the object), if catalogued. */
    public function title(string $reportName, string $objectId, string $lang): ?string
    {
        $r = $this->db->one(
            "SELECT r_friendlyname_bg, r_friendlyname_en FROM t_reports
              WHERE r_name = ? AND (r_objectid = '' OR r_objectid IS NULL OR r_objectid = ?)
              ORDER BY r_objectid DESC, r_order LIMIT 1",
            [$reportName, $objectId]
        );
        if ($r === null) {
            return null;
        }
        $t = (string) ($lang === 'en' ? $r['r_friendlyname_en'] : $r['r_friendlyname_bg']);
        return $t !== '' ? $t : null;
    }

    public static function dbTypeMatches(string $reportLetters, string $objectLetters): bool
    {
        $want = self::letters($reportLetters);
        if ($want === []) {
            return true;
        }
        return array_intersect($want, self::letters($objectLetters)) !== [];
    }

    /** @return list<string> */
    private static function letters(string $s): array
    {
        $clean = strtoupper((string) preg_replace('/[^A-Za-z]/', '', $s));
        return $clean === '' ? [] : array_values(array_unique(str_split($clean)));
    }

    /**
     * Only relative links to a PHP page of the site; the object id is appended. Anything
     * else (schemes, `//host`, traversal) is not shown.
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

    /** The linked page is a file of this site (dreport/), so the button cannot lead to a 404. */
    private static function pageExists(string $href): bool
    {
        $page = (string) strtok($href, '?');
        return is_file(dirname(__DIR__, 2) . '/' . $page);
    }

    private static function color(mixed $c, string $default): string
    {
        return is_string($c) && preg_match('/^#[0-9A-Fa-f]{3,8}$/', $c) ? $c : $default;
    }
}
