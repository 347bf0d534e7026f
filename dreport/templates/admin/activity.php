<?php /** @var \Dreport\Admin\Context $ctx */ ?>
<h1>Report activity</h1>
<form class="card filters" method="get" action="">
  <input type="hidden" name="page" value="activity">
  <div><label for="objectid">Object ID</label><input type="text" id="objectid" name="objectid" maxlength="20" value="<?= e($filters['objectid'] ?? '') ?>"></div>
  <div><label for="report">Report</label><input type="text" id="report" name="report" maxlength="100" value="<?= e($filters['report'] ?? '') ?>"></div>
  <div><label for="result">Result</label>
    <select id="result" name="result">
<?php foreach (['' => 'All', 'ok' => 'OK (0)', 'error' => 'Errors (≠ 0)', '200' => '200 client offline', '201' => '201 busy', '203' => '203 no answer', '1004' => '1004 wrong password', '1007' => '1007 SQL error', '1011' => '1011 expired'] as $k => $label) : ?>
      <option value="<?= e($k) ?>"<?= (string) ($filters['result'] ?? '') === (string) $k ? ' selected' : '' ?>><?= e($label) ?></option>
<?php endforeach; ?>
    </select></div>
  <div><label for="from">From</label><input type="date" id="from" name="from" value="<?= e($filters['from'] ?? '') ?>"></div>
  <div><label for="to">To</label><input type="date" id="to" name="to" value="<?= e($filters['to'] ?? '') ?>"></div>
  <div><button type="submit">Filter</button></div>
</form>
<?php if ($summary !== []) : ?>
<div class="card"><h2>Last 24 hours by report</h2>
<div class="table-wrap"><table id="activity-summary"><thead><tr><th>Report</th><th class="num">Runs</th><th class="num">Avg ms</th><th class="num">Errors</th></tr></thead><tbody>
<?php foreach ($summary as $s) : ?>
<tr><td><?= e($s['rl_report']) ?></td><td class="num"><?= e($s['n']) ?></td><td class="num"><?= e((int) round((float) $s['avg_ms'])) ?></td><td class="num"><?= e($s['bad']) ?></td></tr>
<?php endforeach; ?>
</tbody></table></div></div>
<?php endif; ?>
<div class="table-wrap">
<table id="activity">
  <thead><tr><th>Started</th><th>Object</th><th>Customer</th><th>Report</th><th>Caller</th><th class="num">ms</th><th class="num">Result</th><th class="num">Req. B</th><th class="num">Answer B</th></tr></thead>
  <tbody>
<?php foreach ($rows as $r) : ?>
  <tr><td><?= e($r['rl_started_at']) ?></td>
    <td><a href="<?= e($ctx->url('activity', ['objectid' => (string) $r['rl_objectid']])) ?>"><?= e($r['rl_objectid']) ?></a></td>
    <td><?= e($r['s_customername']) ?></td><td><?= e($r['rl_report']) ?></td><td><?= e($r['rl_caller']) ?></td>
    <td class="num"><?= e($r['rl_duration_ms']) ?></td>
    <td class="num"><?= (int) $r['rl_resultcode'] === 0 ? '<span class="badge ok">0</span>' : '<span class="badge bad">' . e($r['rl_resultcode']) . '</span>' ?></td>
    <td class="num"><?= e($r['rl_request_bytes']) ?></td><td class="num"><?= e($r['rl_answer_bytes']) ?></td></tr>
<?php endforeach; ?>
<?php if ($rows === []) : ?><tr><td colspan="9" class="muted">No relays.</td></tr><?php endif; ?>
  </tbody>
</table>
</div>
<div class="pager">
<?php if ($newer !== null) : ?><a class="btn small secondary" href="<?= e($ctx->url('activity', $filters + ['after' => $newer])) ?>">&larr; Newer</a><?php endif; ?>
  <a class="btn small secondary" href="<?= e($ctx->url('activity', $filters)) ?>">Latest</a>
<?php if ($older !== null) : ?><a class="btn small secondary" href="<?= e($ctx->url('activity', $filters + ['before' => $older])) ?>">Older &rarr;</a><?php endif; ?>
</div>
