<?php

declare(strict_types=1);

namespace Dreport\Admin\Pages;

use Dreport\Admin\History;
use Dreport\Admin\Page;
use Dreport\Admin\Response;
use Dreport\Admin\SvgChart;
use Dreport\Audit;
use Dreport\ReportServerException;

/**
 * Start page: the report server's health from `/status`, clients online now, and
 * hourly charts of clients online and relays from the server's history tables.
 */
final class DashboardPage extends Page
{
    public function show(): Response
    {
        $days = (int) ($this->c->req->queryInt('days', 3) ?? 3);
        $days = max(1, min(14, $days));
        $status = null;
        $error = null;
        try {
            $status = $this->c->app->reportServer()->status();
        } catch (ReportServerException $e) {
            $error = $e->getMessage();
        }
        $db = $this->c->app->db();
        $history = new History($db);
        $hours = History::hours($days * 24);
        $labels = array_map(static fn (string $h): string => substr($h, 5, 8) . 'h', $hours);
        $online = $history->clientsOnline($hours);
        $relays = $history->relaysPerHour($hours);
        $subs = $db->one(
            'SELECT COUNT(*) AS total, SUM(s_active = 1 AND s_expiredate >= CURDATE()) AS active,'
            . ' SUM(s_expiredate BETWEEN CURDATE() AND DATE_ADD(CURDATE(), INTERVAL 14 DAY)) AS expiring'
            . ' FROM t_subscriptions'
        ) ?? [];
        // The viewer's alarm (Viewer\ObjectGuard): someone guessing object passwords.
        $guessing = (int) $db->value(
            'SELECT COUNT(*) FROM t_statistics WHERE s_opertype = ? AND s_datetime >= ?',
            [Audit::OBJECT_PASSWORD_GUESSING, date('Y-m-d H:i:s', time() - 86400)]
        );
        return $this->c->render('dashboard', 'Dashboard', [
            'guessing' => $guessing,
            'status' => $status,
            'error' => $error,
            'serverUrl' => $this->c->app->reportServer()->baseUrl(),
            'tlsStatus' => $this->c->app->config->tlsStatus(),
            'days' => $days,
            'subs' => $subs,
            'relaysTotal' => array_sum($relays['total']),
            'relaysFailed' => array_sum($relays['failed']),
            'onlineChart' => SvgChart::bars('Clients online per hour', $labels, $online, '#1e6fd9', 12),
            'relayChart' => SvgChart::bars('Relays per hour', $labels, $relays['total'], '#2e8b57', 12),
            'failChart' => SvgChart::bars('Failed relays per hour', $labels, $relays['failed'], '#c0392b', 12),
        ]);
    }
}
