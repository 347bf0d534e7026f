<?php

declare(strict_types=1);

namespace Dreport\Admin\Pages;

use Dreport\Admin\Page;
use Dreport\Admin\Response;
use Dreport\Admin\User;
use Dreport\Audit;

/**
 * t_settings: how PHP reaches the report server, trial length, log level, ...
 * Secret values (passwords) are never shown, only replaced.
 */
final class SettingsPage extends Page
{
    /** Known settings: description and a validation pattern. */
    public const KNOWN = [
        'rpt_server_host' => ['Report server host (HTTP API)', '/^[A-Za-z0-9.:\-\[\]]{1,255}$/'],
        'rpt_server_port' => [
            'Report server HTTP port',
            '/^([1-9]\d{0,3}|[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d{2}|655[0-2]\d|6553[0-5])$/',
        ],
        'rpt_server_user' => ['Report server HTTP login user', '/^.{0,100}$/u'],
        'rpt_server_pswd' => ['Report server HTTP login password', '/^.{0,200}$/u'],
        'trial_days' => ['Trial days for new objects (≤ 0 means 30)', '/^-?\d{1,5}$/'],
        'log_level' => ['Event log level: 0 none, 1 REST + errors, 2 + objects, 3 all', '/^[0-3]$/'],
    ];

    public function viewPermission(): string
    {
        return User::ADMIN;
    }

    public function actions(): array
    {
        return ['save' => User::ADMIN, 'delete' => User::ADMIN];
    }

    public static function isSecret(string $name): bool
    {
        return (bool) preg_match('/(pswd|passw|secret|token|key)/i', $name);
    }

    public function show(): Response
    {
        $all = $this->c->app->settings()->all();
        foreach (array_keys(self::KNOWN) as $k) {
            $all += [$k => null];
        }
        ksort($all);
        return $this->c->render('settings', 'Settings', ['settings' => $all, 'known' => self::KNOWN]);
    }

    public function doSave(): Response
    {
        $name = $this->c->req->post('name');
        $value = $this->c->req->postRaw('value');
        if (!preg_match('/^[a-z0-9_]{1,50}$/', $name)) {
            return $this->c->redirect('settings', [], 'Setting names: 1–50 of a–z, 0–9, "_".', 'error');
        }
        if (self::isSecret($name) && $value === '' && $this->c->req->post('clear') !== '1') {
            return $this->c->redirect('settings', [], 'Secret unchanged (empty value).');
        }
        if (!self::isSecret($name)) {
            $value = trim($value);
        }
        if (mb_strlen($value) > 1024 || (isset(self::KNOWN[$name]) && !preg_match(self::KNOWN[$name][1], $value))) {
            return $this->c->redirect('settings', [], 'Invalid value for ' . $name . '.', 'error');
        }
        $settings = $this->c->app->settings();
        $existed = $settings->get($name) !== null;
        $old = $settings->get($name, '');
        $settings->set($name, $value);
        $shown = self::isSecret($name) ? '(secret changed)' : sprintf('"%s" -> "%s"', $old, $value);
        $this->c->audit($existed ? Audit::SETTINGS_EDIT : Audit::SETTINGS_ADD, 'Setting ' . $name . ' ' . $shown);
        return $this->c->redirect('settings', [], 'Setting ' . $name . ' saved.');
    }

    public function doDelete(): Response
    {
        $name = $this->c->req->post('name');
        if (!preg_match('/^[a-z0-9_]{1,50}$/', $name) || $this->c->app->settings()->get($name) === null) {
            return $this->c->redirect('settings', [], 'No such setting.', 'error');
        }
        $this->c->app->settings()->delete($name);
        $this->c->audit(Audit::SETTINGS_DELETE, 'Setting ' . $name . ' deleted');
        return $this->c->redirect('settings', [], 'Setting ' . $name . ' deleted.');
    }
}
