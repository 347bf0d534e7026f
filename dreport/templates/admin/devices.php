<?php /** @var \Dreport\Admin\Context $ctx */ ?>
<h1>Devices</h1>
<form class="card filters" method="get" action="">
  <input type="hidden" name="page" value="devices">
  <div><label for="q">Device ID (prefix), object ID or label</label><input type="search" id="q" name="q" value="<?= e($q) ?>"></div>
  <div><button type="submit">Search</button></div>
</form>
<?php if ($edit !== null && $canEdit) : ?>
<div class="card"><h2>Edit <?= e($edit['d_deviceid']) ?> / <?= e($edit['d_objectid']) ?></h2>
  <form method="post" action="<?= e($ctx->url('devices')) ?>">
    <?= \Dreport\Csrf::field() ?><input type="hidden" name="do" value="save"><input type="hidden" name="id" value="<?= e($edit['d_id']) ?>">
    <label for="e-label">Label</label><input type="text" id="e-label" name="objectname" maxlength="30" value="<?= e($edit['d_objectname']) ?>">
    <label for="e-offset">Business day starts at (hour, 0–8)</label><input type="number" id="e-offset" name="timeoffset" min="0" max="8" value="<?= e($edit['d_timeoffset']) ?>">
    <label for="e-expgroup">Consumables product group (expense reports)</label><input type="number" id="e-expgroup" name="expensegroup" min="0" max="999999999" value="<?= e($edit['d_expensegroup'] ?? 84) ?>">
    <label for="e-password">New object password (empty = unchanged)</label><input type="password" id="e-password" name="password" autocomplete="new-password">
    <p><button type="submit">Save</button></p>
  </form>
</div>
<?php endif; ?>
<p class="muted"><?= e($total) ?> device link(s)</p>
<div class="table-wrap">
<table id="devices">
  <thead><tr><th>Device ID</th><th>Label</th><th>Object</th><th>Customer</th><th>Expires</th><th>Offset</th><?php if ($canEdit) : ?><th>Actions</th><?php endif; ?></tr></thead>
  <tbody>
<?php foreach ($rows as $r) : ?>
  <tr><td><?= e($r['d_deviceid']) ?></td><td><?= e($r['d_objectname']) ?></td>
    <td><a href="<?= e($ctx->url('subscriptions', ['id' => (string) $r['d_objectid']])) ?>"><?= e($r['d_objectid']) ?></a></td>
    <td><?= $r['s_customername'] === null ? '<span class="badge bad">unknown object</span>' : e($r['s_customername']) ?></td>
    <td><?= e($r['s_expiredate']) ?></td><td><?= e($r['d_timeoffset']) ?></td>
<?php if ($canEdit) : ?>
    <td class="actions"><a class="btn small secondary" href="<?= e($ctx->url('devices', ['edit' => (int) $r['d_id'], 'q' => $q])) ?>">Edit</a>
      <form class="inline" method="post" action="<?= e($ctx->url('devices')) ?>" data-confirm="Remove this object from the device?">
        <?= \Dreport\Csrf::field() ?><input type="hidden" name="do" value="delete"><input type="hidden" name="id" value="<?= e($r['d_id']) ?>">
        <button class="small danger" type="submit">Delete</button></form></td>
<?php endif; ?>
  </tr>
<?php endforeach; ?>
<?php if ($rows === []) : ?><tr><td colspan="7" class="muted">No devices.</td></tr><?php endif; ?>
  </tbody>
</table>
</div>
<?= $ctx->view->render('admin/_pager', ['ctx' => $ctx, 'page' => 'devices', 'params' => ['q' => $q], 'pageNo' => $pageNo, 'pages' => $pages]) ?>
<?php if ($canWrite) : ?>
<div class="card"><h2>Add an object to a device</h2>
  <form method="post" action="<?= e($ctx->url('devices')) ?>" id="device-add">
    <?= \Dreport\Csrf::field() ?><input type="hidden" name="do" value="add">
    <label for="a-device">Device ID</label><input type="text" id="a-device" name="deviceid" maxlength="64" required>
    <label for="a-object">Object ID</label><input type="text" id="a-object" name="objectid" maxlength="20" required>
    <label for="a-label">Label</label><input type="text" id="a-label" name="objectname" maxlength="30">
    <label for="a-password">Object password</label><input type="password" id="a-password" name="password" autocomplete="new-password" required>
    <label for="a-offset">Business day starts at (hour, 0–8)</label><input type="number" id="a-offset" name="timeoffset" min="0" max="8" value="0">
    <p><button type="submit">Add</button></p>
  </form>
</div>
<?php endif; ?>
