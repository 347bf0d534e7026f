<?php /** @var \Dreport\Admin\Context $ctx */ ?>
<h1>Client errors</h1>
<p class="muted">Error reports (ERRL) sent by the shops' clients, as stored by the report server.</p>
<form class="card filters" method="get" action="">
  <input type="hidden" name="page" value="clienterrors">
  <div><label for="objectid">Object ID</label><input type="text" id="objectid" name="objectid" maxlength="20" value="<?= e($filters['objectid'] ?? '') ?>"></div>
  <div><label for="from">From</label><input type="date" id="from" name="from" value="<?= e($filters['from'] ?? '') ?>"></div>
  <div><label for="to">To</label><input type="date" id="to" name="to" value="<?= e($filters['to'] ?? '') ?>"></div>
  <div><button type="submit">Filter</button></div>
</form>
<div class="table-wrap">
<table id="clienterrors">
  <thead><tr><th>Time</th><th>Object</th><th>Customer</th><th>Host</th><th>IP</th><th>Text</th></tr></thead>
  <tbody>
<?php foreach ($rows as $r) : ?>
  <tr><td><?= e($r['ce_created_at']) ?></td>
    <td><?php if ($r['ce_objectid'] !== null && $r['ce_objectid'] !== '') : ?><a href="<?= e($ctx->url('clienterrors', ['objectid' => (string) $r['ce_objectid']])) ?>"><?= e($r['ce_objectid']) ?></a><?php endif; ?></td>
    <td><?= e($r['s_customername']) ?></td><td><?= e($r['ce_host']) ?></td><td><?= e($r['ce_peer_ip']) ?></td>
    <td class="errtext"><?= nl2br(e($r['ce_text'])) ?></td></tr>
<?php endforeach; ?>
<?php if ($rows === []) : ?><tr><td colspan="6" class="muted">No error reports.</td></tr><?php endif; ?>
  </tbody>
</table>
</div>
<div class="pager">
<?php if ($newer !== null) : ?><a class="btn small secondary" href="<?= e($ctx->url('clienterrors', $filters + ['after' => $newer])) ?>">&larr; Newer</a><?php endif; ?>
  <a class="btn small secondary" href="<?= e($ctx->url('clienterrors', $filters)) ?>">Latest</a>
<?php if ($older !== null) : ?><a class="btn small secondary" href="<?= e($ctx->url('clienterrors', $filters + ['before' => $older])) ?>">Older &rarr;</a><?php endif; ?>
</div>
