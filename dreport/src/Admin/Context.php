<?php

declare(strict_types=1);

namespace Dreport\Admin;

use Dreport\App;
use Dreport\Csrf;
use Dreport\View;

/**
 * What a page needs for one request: services, the request, the logged-in user, and
 * helpers for URLs, redirects (always PRG), flash messages, rendering and auditing.
 */
final class Context
{
    public function __construct(
        public readonly App $app,
        public readonly Request $req,
        public readonly ?User $user,
        public readonly View $view,
        public readonly string $currentPage,
    ) {
    }

    /** @param array<string,string|int> $params */
    public function url(string $page, array $params = []): string
    {
        $q = http_build_query(['page' => $page] + $params, '', '&', PHP_QUERY_RFC3986);
        return $this->req->scriptPath() . '?' . $q;
    }

    /** @param array<string,string|int> $params */
    public function redirect(string $page, array $params = [], ?string $flash = null, string $kind = 'ok'): Response
    {
        if ($flash !== null) {
            $this->flash($flash, $kind);
        }
        return Response::redirect($this->url($page, $params));
    }

    public function flash(string $message, string $kind = 'ok'): void
    {
        $_SESSION['_flash'][] = ['kind' => $kind === 'ok' ? 'ok' : 'error', 'text' => $message];
    }

    /** @return list<array{kind:string,text:string}> */
    private function takeFlashes(): array
    {
        $f = $_SESSION['_flash'] ?? [];
        unset($_SESSION['_flash']);
        return is_array($f) ? array_values($f) : [];
    }

    public function require(string $perm): void
    {
        if ($this->user === null || !$this->user->can($perm)) {
            throw new HttpError(403, 'Access denied: this needs the "' . $perm . '" permission.');
        }
    }

    public function can(string $perm): bool
    {
        return $this->user !== null && $this->user->can($perm);
    }

    /** @param array<string,mixed> $vars */
    public function render(string $template, string $title, array $vars = [], int $status = 200): Response
    {
        $body = $this->view->render('admin/' . $template, $vars + ['ctx' => $this]);
        $html = $this->view->render('admin/layout', [
            'ctx' => $this,
            'title' => $title,
            'content' => $body,
            'flashes' => $this->takeFlashes(),
            'nav' => $this->user === null ? [] : AdminApp::navFor($this->user),
            'csrf' => Csrf::token(),
        ]);
        return new Response($status, $html);
    }

    /** Writes the change to t_statistics with the operator's username as s_operid. */
    public function audit(int $opertype, string $description): void
    {
        $this->app->audit()->log($opertype, $this->user?->username ?? '-', $description);
    }
}
