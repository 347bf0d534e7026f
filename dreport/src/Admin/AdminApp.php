<?php

declare(strict_types=1);

namespace Dreport\Admin;

use Dreport\App;
use Dreport\Audit;
use Dreport\Csrf;
use Dreport\Session;
use Dreport\View;

/**
 * Router of the admin panel (`admin/index.php?page=...`): session, login, CSRF and role
 * checks, then the page. Every POST must carry the session's CSRF token; every page and
 * action declares the permission it needs.
 */
final class AdminApp
{
    private const SESSION_NAME = 'DREPORTADMIN';
    private const IDLE_TIMEOUT_SEC = 1800;
    private const ABSOLUTE_TIMEOUT_SEC = 43200;

    /** page => [class, menu label, permission to see it in the menu] */
    public const PAGES = [
        'dashboard' => [Pages\DashboardPage::class, 'Dashboard', User::READ],
        'subscriptions' => [Pages\SubscriptionsPage::class, 'Subscriptions', User::READ],
        'devices' => [Pages\DevicesPage::class, 'Devices', User::READ],
        'clients' => [Pages\ClientsPage::class, 'Live clients', User::READ],
        'activity' => [Pages\ActivityPage::class, 'Report activity', User::READ],
        'clienterrors' => [Pages\ClientErrorsPage::class, 'Client errors', User::READ],
        'events' => [Pages\EventsPage::class, 'Event log', User::READ],
        'reports' => [Pages\ReportsPage::class, 'Report catalogue', User::READ],
        'updates' => [Pages\UpdatesPage::class, 'Update files', User::READ],
        'settings' => [Pages\SettingsPage::class, 'Settings', User::ADMIN],
        'restip' => [Pages\RestIpPage::class, 'REST whitelist', User::ADMIN],
        'users' => [Pages\UsersPage::class, 'Users', User::ADMIN],
        'roles' => [Pages\RolesPage::class, 'Roles', User::ADMIN],
    ];

    public function __construct(private App $app, private View $view = new View())
    {
    }

    /** @return array<string,string> page => label */
    public static function navFor(User $user): array
    {
        $nav = [];
        foreach (self::PAGES as $page => [, $label, $perm]) {
            if ($user->can($perm)) {
                $nav[$page] = $label;
            }
        }
        return $nav;
    }

    public function run(Request $req): Response
    {
        $cookiePath = rtrim(dirname($req->scriptPath()), '/') . '/';
        Session::start(self::SESSION_NAME, Session::isHttps($req->server, $this->app->config), $cookiePath);
        $page = $req->query('page', 'dashboard');
        if (!preg_match('/^[a-z]{1,30}$/', $page)) {
            $page = 'dashboard';
        }

        if ($page === 'login') {
            return $this->login($req);
        }

        $user = $this->currentUser();
        $ctx = new Context($this->app, $req, $user, $this->view, $page);
        if ($user === null) {
            if ($req->isPost()) {
                return new Response(403, $this->view->render('admin/bare', [
                    'title' => 'Session expired',
                    'message' => 'Your session has expired. Please log in again.',
                    'link' => $ctx->url('login'),
                ]));
            }
            return Response::redirect($ctx->url('login'));
        }

        try {
            if ($req->isPost() && !Csrf::valid($req->post['csrf'] ?? null)) {
                throw new HttpError(403, 'Invalid or missing security token (CSRF). Reload the page and try again.');
            }
            if ($page === 'logout') {
                if (!$req->isPost()) {
                    throw new HttpError(405, 'Log out with the button.');
                }
                $ctx->audit(Audit::LOGIN, 'Logout ' . $user->username);
                Session::destroy();
                return Response::redirect($ctx->url('login'));
            }
            if (!isset(self::PAGES[$page])) {
                throw new HttpError(404, 'No such page.');
            }
            $class = self::PAGES[$page][0];
            /** @var Page $handler */
            $handler = new $class($ctx);
            $ctx->require($handler->viewPermission());
            if ($req->isPost()) {
                $action = $req->post('do');
                $actions = $handler->actions();
                if (!isset($actions[$action])) {
                    throw new HttpError(400, 'Unknown action.');
                }
                $ctx->require($actions[$action]);
                return $handler->handle($action);
            }
            return $handler->show();
        } catch (HttpError $e) {
            return $ctx->render('error', 'Error', ['message' => $e->getMessage(), 'status' => $e->status], $e->status);
        }
    }

    private function currentUser(): ?User
    {
        $id = $_SESSION['uid'] ?? null;
        if (!is_int($id)) {
            return null;
        }
        $now = time();
        $last = (int) ($_SESSION['last'] ?? 0);
        $created = (int) ($_SESSION['created'] ?? 0);
        if ($now - $last > self::IDLE_TIMEOUT_SEC || $now - $created > self::ABSOLUTE_TIMEOUT_SEC) {
            unset($_SESSION['uid']);
            return null;
        }
        $_SESSION['last'] = $now;
        $user = (new Auth($this->app->db()))->loadUser($id);
        if ($user === null) {
            unset($_SESSION['uid']);
        }
        return $user;
    }

    private function login(Request $req): Response
    {
        $ctx = new Context($this->app, $req, null, $this->view, 'login');
        $ip = $this->app->clientIp($req->server);
        $auth = new Auth($this->app->db());
        $error = null;
        $username = '';
        if ($req->isPost()) {
            $username = mb_substr($req->post('username'), 0, 50);
            $password = $req->postRaw('password');
            if (!Csrf::valid($req->post['csrf'] ?? null)) {
                $error = 'The login form has expired. Please try again.';
            } else {
                // Counted atomically before the password is checked (Auth::login).
                ['id' => $id, 'locked' => $mins] = $auth->login($username, $password, $ip);
                if ($mins > 0) {
                    $error = 'Too many failed logins. Try again in ' . $mins . ' minute(s).';
                } elseif ($id !== null) {
                    Session::regenerate();
                    $_SESSION = ['uid' => $id, 'created' => time(), 'last' => time()];
                    $this->app->audit()->log(Audit::LOGIN, $username, 'Login ' . $username . ' from ' . $ip);
                    return Response::redirect($ctx->url('dashboard'));
                } else {
                    $error = 'Wrong username or password.';
                }
            }
        } elseif ($this->currentUser() !== null) {
            return Response::redirect($ctx->url('dashboard'));
        }
        $html = $this->view->render('admin/login', [
            'error' => $error,
            'username' => $username,
            'csrf' => Csrf::token(),
            'action' => $ctx->url('login'),
        ]);
        return new Response($error !== null ? 401 : 200, $html);
    }
}
