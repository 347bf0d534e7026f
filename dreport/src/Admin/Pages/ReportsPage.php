<?php

declare(strict_types=1);

namespace Dreport\Admin\Pages;

use Dreport\Admin\HttpError;
use Dreport\Admin\Page;
use Dreport\Admin\Response;
use Dreport\Admin\User;
use Dreport\Audit;

/**
 * The report catalogue (t_reports): the buttons the viewer shows per object.
 */
final class ReportsPage extends Page
{
    public function actions(): array
    {
        return ['add' => User::WRITE, 'save' => User::EDIT, 'delete' => User::EDIT];
    }

    public function show(): Response
    {
        $db = $this->c->app->db();
        $rows = $db->all(
            'SELECT r_id, r_objectid, r_name, r_friendlyname_bg, r_friendlyname_en, r_href, r_appdbtype, r_order,'
            . ' r_color, r_textcolor FROM t_reports ORDER BY r_objectid, r_order, r_id'
        );
        $editId = $this->c->req->queryInt('edit');
        $edit = $editId === null ? null : $db->one('SELECT * FROM t_reports WHERE r_id = ?', [$editId]);
        if ($editId !== null && $edit === null) {
            throw new HttpError(404, 'Report not found.');
        }
        foreach ($rows as &$row) {
            // Which viewer report the button opens (the same lookup the viewer does).
            $report = \Dreport\Reports\Registry::forHref((string) ($row['r_href'] ?? ''));
            $row['opens'] = $report?->name();
        }
        unset($row);
        return $this->c->render('reports', 'Report catalogue', [
            'rows' => $rows,
            'edit' => $edit,
            'isNew' => $this->c->req->query('new') === '1',
            'canWrite' => $this->c->can(User::WRITE),
            'canEdit' => $this->c->can(User::EDIT),
        ]);
    }

    /** @return array<string,mixed>|string validated values, or an error message */
    private function values(): array|string
    {
        $r = $this->c->req;
        $v = [
            'r_objectid' => $r->post('objectid'),
            'r_name' => $r->post('name'),
            'r_friendlyname_bg' => mb_substr($r->post('friendlyname_bg'), 0, 100),
            'r_friendlyname_en' => mb_substr($r->post('friendlyname_en'), 0, 100),
            'r_href' => $r->post('href'),
            'r_sql_bg' => $r->postRaw('sql_bg'),
            'r_sql_en' => $r->postRaw('sql_en'),
            'r_appdbtype' => $r->post('appdbtype'),
            'r_order' => $r->postInt('order', 0),
            'r_color' => $r->post('color'),
            'r_textcolor' => $r->post('textcolor'),
        ];
        if ($v['r_objectid'] !== '' && !self::validObjectId($v['r_objectid'])) {
            return 'Object ID must be empty (all objects) or a valid object ID.';
        }
        if (!preg_match('/^[A-Za-z0-9_.-]{1,50}$/', $v['r_name'])) {
            return 'Name: 1–50 letters, digits, "_", "." or "-".';
        }
        // A relative link inside the site only: no scheme (javascript:, http:), no "//host".
        // A relative link inside the site only: no scheme (javascript:, http:), no "//host".
        // "#" is a placeholder button that leads nowhere (production has one).
        $href = $v['r_href'];
        if (
            $href !== '' && $href !== '#'
            && (!preg_match('#^[A-Za-z0-9_./?=&%-]{1,255}$#', $href) || str_starts_with($href, '//'))
        ) {
            return 'Page: a relative link to a page of this site (dayturnover.php, report.php?r=dayturnover) or #.';
        }
        if (!preg_match('/^[A-Za-z]{0,20}$/', $v['r_appdbtype'])) {
            return 'DB types: letters only (e.g. R or RS).';
        }
        foreach (['r_color', 'r_textcolor'] as $k) {
            if ($v[$k] !== '' && !preg_match('/^(#[0-9A-Fa-f]{3,8}|[A-Za-z][A-Za-z-]{2,19})$/', $v[$k])) {
                return 'Colours: #rgb, #rrggbb or a colour name.';
            }
        }
        if ($v['r_order'] === null || strlen($v['r_sql_bg']) > 65535 || strlen($v['r_sql_en']) > 65535) {
            return 'Order must be a number; SQL at most 64 KiB.';
        }
        return $v;
    }

    public function doAdd(): Response
    {
        $v = $this->values();
        if (is_string($v)) {
            return $this->c->redirect('reports', ['new' => '1'], $v, 'error');
        }
        $db = $this->c->app->db();
        $db->exec(
            'INSERT INTO t_reports (' . implode(', ', array_keys($v)) . ')'
            . ' VALUES (' . implode(', ', array_fill(0, count($v), '?')) . ')',
            array_values($v)
        );
        $id = (int) $db->lastInsertId();
        $this->c->audit(
            Audit::REPORT_ADD,
            sprintf('Report %d "%s" added (object "%s")', $id, $v['r_name'], $v['r_objectid'])
        );
        return $this->c->redirect('reports', [], 'Report ' . $v['r_name'] . ' added.');
    }

    public function doSave(): Response
    {
        $id = $this->c->req->postInt('id');
        if ($id === null || $this->c->app->db()->one('SELECT 1 FROM t_reports WHERE r_id = ?', [$id]) === null) {
            throw new HttpError(404, 'Report not found.');
        }
        $v = $this->values();
        if (is_string($v)) {
            return $this->c->redirect('reports', ['edit' => $id], $v, 'error');
        }
        $sets = implode(', ', array_map(static fn (string $k): string => $k . ' = ?', array_keys($v)));
        $this->c->app->db()->exec(
            'UPDATE t_reports SET ' . $sets . ' WHERE r_id = ?',
            array_merge(array_values($v), [$id])
        );
        $this->c->audit(Audit::REPORT_EDIT, sprintf('Report %d "%s" edited', $id, $v['r_name']));
        return $this->c->redirect('reports', [], 'Report ' . $v['r_name'] . ' saved.');
    }

    public function doDelete(): Response
    {
        $id = $this->c->req->postInt('id');
        $row = $id === null ? null : $this->c->app->db()->one('SELECT r_name FROM t_reports WHERE r_id = ?', [$id]);
        if ($row === null) {
            throw new HttpError(404, 'Report not found.');
        }
        $this->c->app->db()->exec('DELETE FROM t_reports WHERE r_id = ?', [$id]);
        $this->c->audit(Audit::REPORT_DELETE, sprintf('Report %d "%s" deleted', $id, (string) $row['r_name']));
        return $this->c->redirect('reports', [], 'Report deleted.');
    }
}
