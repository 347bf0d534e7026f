<?php /** @var \Dreport\Admin\Context $ctx */ ?>
<h1>Event log</h1>
<form class="card filters" method="get" action="">
  <input type="hidden" name="page" value="events">
  <div><label for="type">Type</label>
    <select id="type" name="type"><option value="">All types</option>
<?php foreach ($types as $t) : ?>
      <option value="<?= e($t['o_opertype_id']) ?>"<?= (string) ($filters['type'] ?? '') === (string) $t['o_opertype_id'] ? ' selected' : '' ?>><?= e($t['o_opertype_id']) ?> – <?= e($t['o_opertype_descr']) ?></option>
<?php endforeach; ?>
    </select></div>
  <div><label for="operid">Object / device / IP / user</label><input type="text" id="operid" name="operid" maxlength="30" value="<?= e($filters['operid'] ?? '') ?>"></div>
  <div><label for="from">From</label><input type="date" id="from" name="from" value="<?= e($filters['from'] ?? '') ?>"></div>
  <div><label for="to">To</label><input type="date" id="to" name="to" value="<?= e($filters['to'] ?? '') ?>"></div>
  <div><button type="submit">Filter</button></div>
</form>
<?php if ($badDate) : ?><div class="flash error">A date was not valid (YYYY-MM-DD) and has been ignored.</div><?php endif; ?>
<div class="table-wrap">
<table id="events">
  <thead><tr><th>Time</th><th>Type</th><th>Object / user</th><th>Description</th></tr></thead>
  <tbody>
<?php foreach ($rows as $r) : ?>
  <tr><td><?= e($r['s_datetime']) ?></td><td><?= e($r['s_opertype']) ?> <span class="muted"><?= e($r['o_opertype_descr']) ?></span></td>
    <td><?= e($r['s_operid']) ?></td><td><?= e($r['s_description']) ?></td></tr>
<?php endforeach; ?>
<?php if ($rows === []) : ?><tr><td colspan="4" class="muted">No events.</td></tr><?php endif; ?>
  </tbody>
</table>
</div>
<div class="pager">
<?php if ($newer !== null) : ?><a class="btn small secondary" id="newer" href="<?= e($ctx->url('events', $filters + ['after' => $newer])) ?>">&larr; Newer</a><?php endif; ?>
  <a class="btn small secondary" href="<?= e($ctx->url('events', $filters)) ?>">Latest</a>
<?php if ($older !== null) : ?><a class="btn small secondary" id="older" href="<?= e($ctx->url('events', $filters + ['before' => $older])) ?>">Older &rarr;</a><?php endif; ?>
</div>
