<?php

declare(strict_types=1);

namespace Dreport;

/**
 * Plain-PHP templates under `dreport/templates/`. Templates only render the variables
 * they are given (escaping with `e()`); no queries, no side effects.
 */
final class View
{
    private string $dir;

    public function __construct(?string $dir = null)
    {
        $this->dir = $dir ?? dirname(__DIR__) . '/templates';
    }

    /** @param array<string,mixed> $vars */
    public function render(string $template, array $vars = []): string
    {
        if (!preg_match('#^[a-z0-9_/-]+$#i', $template) || str_contains($template, '..')) {
            throw new \InvalidArgumentException('bad template name');
        }
        $file = $this->dir . '/' . $template . '.php';
        if (!is_file($file)) {
            throw new \RuntimeException('template not found: ' . $template);
        }
        $view = $this;
        return (static function (string $__file, array $__vars) use ($view): string {
            extract($__vars, EXTR_SKIP);
            ob_start();
            try {
                include $__file;
                return (string) ob_get_clean();
            } catch (\Throwable $t) {
                ob_end_clean();
                throw $t;
            }
        })($file, $vars);
    }
}
