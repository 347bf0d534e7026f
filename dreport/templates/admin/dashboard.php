<?php /** @var \Dreport\Admin\Context $ctx @var ?array $status @var ?string $error */
$db = is_array($status['database'] ?? null) ? $status['database'] : [];
$authS = is_array($status['auth_server'] ?? null) ? $status['auth_server'] : [];
$reg = is_array($status['registration'] ?? null) ? $status['registration'] : [];
$clients = is_array($status['clients'] ?? null) ? $status['clients'] : [];
$lat = is_array($status['relay_latency_ms'] ?? null) ? $status['relay_latency_ms'] : [];
// Latencies arrive as floats ("83.531495"): whole milliseconds, one decimal below 10 ms.
$ms = static fn (mixed $v): string => is_int($v) || is_float($v) || (is_string($v) && is_numeric($v))
    ? number_format((float) $v, (float) $v < 10 ? 1 : 0, '.', '')
    : '–';
$counters = is_array($status['counters'] ?? null) ? $status['counters'] : [];
?>
<h1>Dashboard</h1>
<?php if (($guessing ?? 0) > 0) : ?>
<div class="flash error" id="password-guessing"><strong><?= e($guessing) ?> object-password guessing alert(s)</strong> in the last 24 hours: a device or an object was locked after too many wrong object passwords in the viewer. <a href="<?= e($ctx->url('events', ['type' => \Dreport\Audit::OBJECT_PASSWORD_GUESSING])) ?>">See the event log</a>.</div>
<?php endif; ?>
<?php if (($tlsStatus ?? null) === 'self-signed') : ?>
<div class="flash error" id="tls-self-signed"><strong>HTTPS uses a self-signed certificate.</strong> No certificate is mounted, so the container made its own: the shops' wrapper app and browsers will refuse it. Mount the server's certificate chain and key as <code>dreport.crt</code> and <code>dreport.key</code> (docs/deployment.md, "The certificate") and restart the <code>web</code> container.</div>
<?php endif; ?>
<?php if ($error !== null) : ?>
<div class="flash error" id="server-unreachable">Report server unreachable (<?= e($serverUrl) ?>): <?= e($error) ?></div>
<?php endif; ?>
<div class="grid cols-4" id="health">
  <div class="card"><div class="muted">Report server</div>
    <div class="stat"><?= $status !== null ? '<span class="badge ok">' . e($status['status'] ?? 'running') . '</span>' : '<span class="badge bad">unreachable</span>' ?></div>
    <div class="muted"><?= e($status['version'] ?? '') ?><?= isset($status['uptime_sec']) ? ' · up ' . e(intdiv((int) $status['uptime_sec'], 3600)) . ' h ' . e(intdiv((int) $status['uptime_sec'] % 3600, 60)) . ' min' : '' ?></div></div>
  <div class="card"><div class="muted">Clients online now</div>
    <div class="stat" id="clients-online"><?= e($clients['connected'] ?? '–') ?></div>
    <div class="muted"><?= e($clients['identified'] ?? '–') ?> identified</div></div>
  <div class="card"><div class="muted">Database</div>
<?php $st = (string) ($db['state'] ?? 'unknown'); ?>
    <div class="stat" id="db-state"><span class="badge <?= $st === 'connected' ? 'ok' : ($st === 'disabled' ? 'warn' : 'bad') ?>"><?= e($st) ?></span></div>
    <div class="muted">spool: <?= e($db['spool_depth'] ?? '–') ?> events, <?= e($db['spool_bytes'] ?? '–') ?> bytes<?= !empty($db['last_error']) ? ' · ' . e($db['last_error']) : '' ?></div></div>
  <div class="card"><div class="muted">Auth server (REST)</div>
<?php $reach = $authS['reachable'] ?? null; ?>
    <div class="stat" id="auth-state"><span class="badge <?= $reach === true ? 'ok' : ($reach === false ? 'bad' : '') ?>"><?= $reach === true ? 'reachable' : ($reach === false ? 'unreachable' : 'unknown') ?></span></div>
    <div class="muted"><?= e($authS['last_checked'] ?? '') ?><?= !empty($authS['last_error']) ? ' · ' . e($authS['last_error']) : '' ?></div></div>
  <div class="card"><div class="muted">Registration key</div>
<?php $kv = $reg['key_valid'] ?? null; ?>
    <div class="stat" id="reg-state"><span class="badge <?= $kv === true ? 'ok' : ($kv === false ? 'bad' : '') ?>"><?= $kv === true ? 'valid' : ($kv === false ? 'INVALID' : 'unknown') ?></span></div>
    <div class="muted">serial <?= e($reg['serial'] ?? '–') ?></div></div>
  <div class="card"><div class="muted">Relays (server counters)</div>
    <div class="stat"><?= e($counters['relays'] ?? '–') ?></div>
    <div class="muted"><?= e($counters['relay_errors'] ?? '–') ?> errors · p50 <span id="relay-p50"><?= e($ms($lat['p50'] ?? null)) ?></span> ms · p99 <span id="relay-p99"><?= e($ms($lat['p99'] ?? null)) ?></span> ms</div></div>
  <div class="card"><div class="muted">Subscriptions</div>
    <div class="stat"><?= e($subs['active'] ?? 0) ?> <span class="muted">/ <?= e($subs['total'] ?? 0) ?></span></div>
    <div class="muted">active · <?= e($subs['expiring'] ?? 0) ?> expire within 14 days</div></div>
  <div class="card"><div class="muted">Relays, last <?= e($days) ?> day(s)</div>
    <div class="stat"><?= e($relaysTotal) ?></div>
    <div class="muted"><?= e($relaysFailed) ?> with ResultCode ≠ 0</div></div>
</div>
<p class="muted">History: <?php foreach ([1, 3, 7, 14] as $d) : ?><a href="<?= e($ctx->url('dashboard', ['days' => $d])) ?>"><?= e($d) ?> d</a> <?php endforeach; ?></p>
<div class="grid cols-2">
  <div class="card chart" id="chart-online"><h2>Clients online per hour</h2><?= $onlineChart /* SvgChart escapes */ ?></div>
  <div class="card chart" id="chart-relays"><h2>Relays per hour</h2><?= $relayChart ?></div>
  <div class="card chart" id="chart-failed"><h2>Failed relays per hour</h2><?= $failChart ?></div>
</div>
