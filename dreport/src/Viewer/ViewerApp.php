<?php

declare(strict_types=1);

namespace Dreport\Viewer;

use Dreport\App;
use Dreport\Audit;
use Dreport\Csrf;
use Dreport\Reports\Registry;
use Dreport\Reports\ReportRequest;
use Dreport\Reports\ReportView;
use Dreport\Session;
use Dreport\View;

/**
 * The viewer face (what the phone user sees), one method per page. The front controllers
 * (index.php, device.php, rptlist.php, report.php) only call these. Rules:
 * - the device id comes only from `index.php?id=` and then lives in the session;
 * - every object is looked up through DeviceObjects scoped by that device id;
 * - every change is a POST with the session's CSRF token, followed by a redirect + exit.
 */
final class ViewerApp
{
    private const SESSION_COOKIE = 'DRVIEWER';
    private const DEVICE_KEY = 'viewer_device';

    private I18n $i18n;
    private View $view;

    /**
     * @param array<string,mixed> $server
     * @param array<string,mixed> $get
     * @param array<string,mixed> $post
     */
    public function __construct(private App $app, private array $server, private array $get, private array $post)
    {
        $this->view = new View();
        $this->i18n = new I18n('bg');
    }

    /** Start the session and pick the language; call first. */
    public function start(): void
    {
        Session::start(self::SESSION_COOKIE, Session::isHttps($this->server, $this->app->config));
        $lang = I18n::negotiate($this->get['lang'] ?? null, $_SESSION['lang'] ?? null);
        if (isset($this->get['lang']) && in_array($this->get['lang'], I18n::LANGS, true)) {
            $_SESSION['lang'] = $lang;
        }
        $this->i18n = new I18n($lang);
        header('Cache-Control: no-store');
        header('X-Content-Type-Options: nosniff');
        header('Referrer-Policy: same-origin');
        // Inline styles only for the catalogue's button colours; no script at all.
        header("Content-Security-Policy: default-src 'self'; img-src 'self' data:; "
            . "style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'");
    }

    /** index.php?id=<device id>: begin the device's session, then show its objects. */
    public function index(): void
    {
        $raw = $this->get['id'] ?? null;
        if ($raw === null || $raw === '') {
            if ($this->deviceId() !== null) {
                $this->redirect('device.php');
            }
            $this->fail(400, 'err_no_device');
            return;
        }
        $id = DeviceObjects::validDeviceId($raw);
        if ($id === null) {
            $this->fail(400, 'err_bad_device');
            return;
        }
        if ($this->deviceId() !== $id) {
            Session::regenerate();
            $lang = $_SESSION['lang'] ?? null;
            $_SESSION = [self::DEVICE_KEY => $id];
            if ($lang !== null) {
                $_SESSION['lang'] = $lang;
            }
        }
        $this->app->audit()->log(Audit::START_APP, $id, 'viewer started from ' . $this->ip());
        $this->redirect('device.php');
    }

    /** device.php: the object list, add/edit/delete. */
    public function device(): void
    {
        $device = $this->requireDevice();
        if ($device === null) {
            return;
        }
        $objects = new DeviceObjects($this->app->db());
        $errors = [];
        $form = ['objectid' => '', 'name' => ''];
        $in = fn (string $k): mixed => $this->post[$k] ?? null;
        if (($this->server['REQUEST_METHOD'] ?? 'GET') === 'POST') {
            $action = is_string($in('action')) ? $in('action') : '';
            if (!Csrf::valid($this->post['csrf'] ?? null)) {
                $errors[] = $this->i18n->t('err_csrf');
            } else {
                try {
                    switch ($action) {
                        case 'add':
                            $this->refuseWhileLocked($device, $in('objectid'));
                            $oid = $objects->add($device, $in('objectid'), $in('password'), $in('name') ?? '', $this->ip());
                            $this->app->audit()->log(Audit::ADD_OBJECT, $oid, "device $device added object $oid");
                            $this->flash('ok', 'added');
                            $this->redirect('device.php');
                            return;
                        case 'update':
                            if (is_string($in('password')) && $in('password') !== '') {
                                $this->refuseWhileLocked($device, $in('objectid'));
                            }
                            $objects->update(
                                $device,
                                $in('objectid'),
                                $in('name') ?? '',
                                $in('offset') ?? '0',
                                $in('password'),
                                $in('expense_group')
                            );
                            $this->flash('ok', 'saved');
                            $this->redirect('device.php');
                            return;
                        case 'delete':
                            $row = $objects->find($device, $this->post['objectid'] ?? null) ??
                            throw new RuleViolation('err_not_yours');
                        if (($this->post['confirm'] ?? '') !== '1') {
                            $this->page(200, 'viewer/confirm_delete', $this->i18n->t('delete'), ['row' => $row]);
                            return;
                        }
                            $objects->delete($device, $row['d_objectid']);
                            $oid = (string) $row['d_objectid'];
                            $this->app->audit()->log(Audit::DELETE_OBJECT, $oid, "device $device deleted object $oid");
                            $this->flash('ok', 'deleted');
                            $this->redirect('device.php');
                            return;
                        default:
                            $errors[] = $this->i18n->t('err_internal');
                    }
                } catch (RuleViolation $e) {
                    $errors[] = $this->i18n->t($e->getMessage());
                }
            }
            if ($action === 'add') {
                // Keep what was typed (not the password) so the user can correct it.
                $form = [
                    'objectid' => is_string($in('objectid')) ? mb_substr($in('objectid'), 0, 20) : '',
                    'name' => is_string($in('name')) ? mb_substr($in('name'), 0, 30) : '',
                ];
            }
        }
        $edit = null;
        if (isset($this->get['edit'])) {
            $edit = $objects->find($device, $this->get['edit']);
        }
        $today = new \DateTimeImmutable('today');
        $list = [];
        foreach ($objects->list($device) as $row) {
            $row['banner'] = Subscription::banner($row, $today, $this->i18n);
            $list[] = $row;
        }
        $this->page($errors === [] ? 200 : 422, 'viewer/device', $this->i18n->t('objects'), [
            'objects' => $list, 'errors' => $errors, 'form' => $form, 'edit' => $edit,
        ]);
    }

    /** rptlist.php?id=<objectid>: subscription banner and the report buttons. */
    public function rptlist(): void
    {
        $device = $this->requireDevice();
        if ($device === null) {
            return;
        }
        $row = (new DeviceObjects($this->app->db()))->find($device, $this->get['id'] ?? null);
        if ($row === null) {
            $this->fail(404, 'err_not_yours');
            return;
        }
        $oid = (string) $row['d_objectid'];
        $today = DeviceObjects::today($row);
        $expired = Subscription::isExpired($row, $today);
        if ($expired) {
            $this->app->audit()->log(Audit::ERROR, $oid, sprintf(
                'rptlist device %s: subscription %s',
                $device,
                ($row['s_objectid'] ?? null) === null ? 'unknown' : 'expired'
            ));
        }
        $buttons = (new Catalog($this->app->db()))->buttons(
            $oid,
            $row['s_appdbtype'] ?? null,
            $this->i18n->lang,
            $expired
        );
        $this->page(200, 'viewer/rptlist', (string) $row['d_objectname'], [
            'row' => $row,
            'banner' => Subscription::banner($row, $today, $this->i18n),
            'buttons' => $buttons['grid'],
            'extra' => $buttons['extra'],
        ]);
    }

    /**
     * report.php?r=<name>&id=<objectid>[&date=…&gid=…]: one live report. The viewer's ONE
     * report entry point: the original site's page files (dayturnover.php, …) include
     * report.php, and then the report is the one registered for that file name
     * (Reports\Registry::forPage), so old bookmarks and the wrapper app keep working.
     */
    public function report(): void
    {
        $device = $this->requireDevice();
        if ($device === null) {
            return;
        }
        $row = (new DeviceObjects($this->app->db()))->find($device, $this->get['id'] ?? null);
        if ($row === null) {
            $this->fail(404, 'err_not_yours');
            return;
        }
        $script = basename((string) ($this->server['SCRIPT_FILENAME'] ?? $this->server['SCRIPT_NAME'] ?? ''));
        $legacy = $script !== '' && strtolower($script) !== 'report.php';
        $report = $legacy ? Registry::forPage($script) : Registry::get($this->get['r'] ?? null);
        if ($report === null) {
            // A page of the original site that this site does not have (yet): say so plainly.
            $this->fail($legacy ? 200 : 404, $legacy ? 'err_report_unavailable' : 'err_unknown_report');
            return;
        }
        $oid = (string) $row['d_objectid'];
        $today = DeviceObjects::today($row);
        $title = (new Catalog($this->app->db()))->title($report, $oid, $this->i18n->lang)
            ?? $this->i18n->t($report->titleKey());
        $expired = Subscription::isExpired($row, $today) && $report->expiry() !== Subscription::E_NONE;
        $warning = $expired ? Subscription::warning($row, $this->i18n) : null;
        $vars = [
            'row' => $row, 'report' => $report->name(), 'nav' => null, 'blocks' => [], 'error' => null,
            'retry' => null, 'expired' => $warning, 'blocked' => false,
        ];
        if ($expired && $report->expiry() === Subscription::E_BLOCK) {
            $this->app->audit()->log(Audit::ERROR, $oid, sprintf(
                'report %s device %s refused: subscription expired',
                $report->name(),
                $device
            ));
            $this->page(200, 'viewer/report', $title, ['blocked' => true] + $vars);
            return;
        }
        $params = $report->params(new ReportRequest(
            $this->get,
            $today,
            DeviceObjects::offset($row),
            !$expired,
            $oid,
            DeviceObjects::settings($row)
        ));
        $started = microtime(true);
        // Wrong object passwords are throttled before the relay goes out (ObjectGuard).
        $answer = (new ObjectGuard($this->app->db(), $this->app->audit()))
            ->relay($this->app->reportServer(), $device, $row, $report->name(), $report->queries($params), $this->ip());
        if ($answer === null) {
            $this->fail(429, 'err_too_many_passwords');
            return;
        }
        $code = ResultCodes::code($answer);
        $this->app->audit()->log($code === ResultCodes::OK ? Audit::START_REPORT : Audit::ERROR, $oid, sprintf(
            'report %s device %s rc=%d %dms',
            $report->name(),
            $device,
            $code,
            (int) round((microtime(true) - $started) * 1000)
        ));
        $base = ['r' => $report->name(), 'id' => $oid];
        $view = new ReportView($this->i18n, 'report.php', $base, $warning);
        if ($code === ResultCodes::OK) {
            $vars['blocks'] = $report->present($answer, $params, $view);
        } else {
            $vars['error'] = [
                'code' => $code,
                'message' => ResultCodes::message($code, $this->i18n),
                'detail' => ResultCodes::detail($answer),
            ];
        }
        $keep = $params->query();
        unset($keep['date']);
        if ($params->period !== null) {
            $p = $params->period;
            $next = $p->next();
            $vars['nav'] = [
                'label' => $view->periodLabel($p),
                'prev' => $warning !== null ? null : $view->url($keep + $p->previous()->query()),
                'next' => $warning !== null || $next === null ? null : $view->url($keep + $next->query()),
                'current' => $warning !== null || $p->isCurrent() ? null : $view->url($keep),
            ];
        }
        $vars['retry'] = $view->url($params->query());
        $this->page(200, 'viewer/report', $title, $vars);
    }

    /** Show a generic error page for an unexpected failure (details go to the log only). */
    public function internalError(\Throwable $e): void
    {
        error_log(sprintf(
            'dreport viewer: %s: %s at %s:%d',
            get_class($e),
            $e->getMessage(),
            $e->getFile(),
            $e->getLine()
        ));
        while (ob_get_level() > 0) {
            ob_end_clean();
        }
        try {
            $this->fail(500, 'err_internal');
        } catch (\Throwable) {
            if (!headers_sent()) {
                http_response_code(500);
                header('Content-Type: text/plain; charset=utf-8');
            }
            echo "Error\n";
        }
    }

    /** @throws RuleViolation while the device or the object is locked for wrong passwords */
    private function refuseWhileLocked(string $device, mixed $objectId): void
    {
        $oid = DeviceObjects::validObjectId($objectId);
        if ($oid !== null && (new ObjectGuard($this->app->db(), $this->app->audit()))->lockedFor($device, $oid) > 0) {
            throw new RuleViolation('err_too_many_passwords');
        }
    }

    /** The session's device id (set only by index.php?id=), or null. */
    public function deviceId(): ?string
    {
        $d = $_SESSION[self::DEVICE_KEY] ?? null;
        return is_string($d) ? DeviceObjects::validDeviceId($d) : null;
    }

    /** The session's device id, or null after showing the "open from the app" page. */
    public function requireDevice(): ?string
    {
        $d = $this->deviceId();
        if ($d === null) {
            $this->fail(403, 'err_no_device');
        }
        return $d;
    }

    public function fail(int $status, string $key): void
    {
        $this->page($status, 'viewer/error', $this->i18n->t('app'), ['message' => $this->i18n->t($key)]);
    }

    public function flash(string $class, string $key, mixed ...$args): void
    {
        $_SESSION['viewer_flash'] = ['class' => $class, 'text' => $this->i18n->t($key, ...$args)];
    }

    /** The language of this request (after start()). */
    public function i18n(): I18n
    {
        return $this->i18n;
    }

    /** @param array<string,mixed> $vars */
    public function page(int $status, string $template, string $title, array $vars): void
    {
        $flash = $_SESSION['viewer_flash'] ?? null;
        unset($_SESSION['viewer_flash']);
        $content = $this->view->render(
            $template,
            $vars + ['t' => $this->i18n, 'csrf' => Csrf::field(), 'pageTitle' => $title]
        );
        http_response_code($status);
        header('Content-Type: text/html; charset=utf-8');
        echo $this->view->render('viewer/layout', [
            't' => $this->i18n,
            'title' => $title,
            'content' => $content,
            'flash' => is_array($flash) ? $flash : null,
            'langUrl' => $this->langUrl(),
            'hasDevice' => $this->deviceId() !== null,
        ]);
    }

    /** The current page in the other language. */
    private function langUrl(): string
    {
        $uri = (string) ($this->server['REQUEST_URI'] ?? 'index.php');
        $path = basename((string) parse_url($uri, PHP_URL_PATH)) ?: 'index.php';
        if (!preg_match('/^[A-Za-z][A-Za-z0-9_-]*\.php$/', $path)) {
            $path = 'device.php';
        }
        $q = array_filter($this->get, 'is_string');
        $q['lang'] = $this->i18n->lang === 'bg' ? 'en' : 'bg';
        if ($path === 'index.php') {
            $path = 'device.php';
            unset($q['id']);
        }
        return $path . '?' . http_build_query($q, '', '&', PHP_QUERY_RFC3986);
    }

    public function redirect(string $url): never
    {
        header('Location: ' . $url, true, 303);
        exit;
    }

    private function ip(): string
    {
        return $this->app->clientIp($this->server);
    }
}
