<?php /** @var \Dreport\Admin\Context $ctx */ ?>
<h1>Live clients</h1>
<?php if ($error !== null) : ?>
<div class="flash error" id="clients-error">The report server is not reachable at <?= e($serverUrl) ?>, so the live client list cannot be shown. (<?= e($error) ?>)</div>
<?php else : ?>
<p id="clients-summary"><strong><?= e($onlineCount) ?></strong> client(s) connected to <?= e($serverUrl) ?>.</p>
<?php endif; ?>
<form class="card filters" method="get" action="">
  <input type="hidden" name="page" value="clients">
  <div><label for="q">Filter (object ID, host, IP, customer)</label><input type="search" id="q" name="q" value="<?= e($q) ?>"></div>
  <div><label><input type="checkbox" name="offline" value="1"<?= $showOffline ? ' checked' : '' ?>> also list active subscriptions that are offline</label></div>
  <div><button type="submit">Show</button></div>
</form>
<?php if ($matching > $maxRows) : ?>
<p class="flash error">Showing the first <?= e($maxRows) ?> of <?= e($matching) ?> rows: use the filter to narrow the list.</p>
<?php endif; ?>
<div class="table-wrap">
<table id="clients">
  <thead><tr><th>State</th><th>Object ID</th><th>Customer</th><th>Host</th><th>IP</th><th>App</th><th>Version</th><th>DB</th><th>Connected since</th><th>Last activity</th><th>Expires</th></tr></thead>
  <tbody>
<?php foreach ($rows as $r) : ?>
  <tr class="<?= $r['online'] ? 'online' : 'offline' ?>" data-objectid="<?= e($r['id']) ?>">
    <td><?= $r['online'] ? '<span class="badge ok">online</span>' : '<span class="badge">offline</span>' ?></td>
    <td><?php if ($r['id'] !== '') : ?><a href="<?= e($ctx->url('subscriptions', ['id' => $r['id']])) ?>"><?= e($r['id']) ?></a><?php else : ?><span class="muted">(not identified)</span><?php endif; ?></td>
    <td><?= e($r['name']) ?></td>
    <td class="host"><?= e($r['host']) ?></td>
    <td><?= e($r['ip']) ?></td>
    <td><?= e($r['app']) ?></td>
    <td><?= e($r['ver']) ?></td>
    <td><?= e($r['db']) ?></td>
    <td><?= e($r['conn']) ?></td>
    <td><?= e($r['act']) ?></td>
    <td><?= e($r['exp']) ?><?= $r['exp'] !== '' && \Dreport\Viewer\Subscription::expiredOn($r['exp'], new \DateTimeImmutable($today)) ? ' <span class="badge bad">expired</span>' : '' ?></td>
  </tr>
<?php endforeach; ?>
<?php if ($rows === [] && $error === null) : ?>
  <tr><td colspan="11" class="muted">No clients.</td></tr>
<?php endif; ?>
  </tbody>
</table>
</div>
