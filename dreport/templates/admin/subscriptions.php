<?php /** @var \Dreport\Admin\Context $ctx */ ?>
<h1>Subscriptions</h1>
<form class="card filters" method="get" action="">
  <input type="hidden" name="page" value="subscriptions">
  <div><label for="q">Company, EIK or object ID</label>
    <input type="search" id="q" name="q" value="<?= e($q) ?>" placeholder="e.g. ACME, 123456789, 3769d93a"></div>
  <div><label for="status">Status</label>
    <select id="status" name="status">
<?php foreach (['all' => 'All', 'active' => 'Active', 'expiring' => 'Expires within 14 days', 'expired' => 'Expired', 'inactive' => 'Deactivated'] as $k => $label) : ?>
      <option value="<?= e($k) ?>"<?= $status === $k ? ' selected' : '' ?>><?= e($label) ?></option>
<?php endforeach; ?>
    </select></div>
  <div><button type="submit">Search</button></div>
</form>
<p class="muted"><?= e($total) ?> subscription(s)</p>
<div class="table-wrap">
<table id="subscriptions">
  <thead><tr><th>Object ID</th><th>Customer</th><th>Object</th><th>EIK</th><th>Host</th><th>Ver.</th><th>DB</th><th>Expires</th><th>State</th><?php if ($canEdit) : ?><th>Actions</th><?php endif; ?></tr></thead>
  <tbody>
<?php foreach ($rows as $r) : ?>
<?php
    $exp = (string) ($r['s_expiredate'] ?? '');
    $expired = \Dreport\Viewer\Subscription::expiredOn($exp, new \DateTimeImmutable($today));
    $soonFlag = !$expired && $exp <= $soon;
?>
  <tr data-objectid="<?= e($r['s_objectid']) ?>">
    <td><a href="<?= e($ctx->url('subscriptions', ['id' => (string) $r['s_objectid']])) ?>"><?= e($r['s_objectid']) ?></a></td>
    <td><?= e($r['s_customername']) ?></td>
    <td><?= e($r['s_objectname']) ?></td>
    <td><?= e($r['s_eik']) ?></td>
    <td><?= e($r['s_hostname']) ?></td>
    <td><?= e($r['s_appver']) ?></td>
    <td><?= e($r['s_appdbtype']) ?></td>
    <td class="expiry"><?= e($exp) ?>
      <?php if ($expired) : ?><span class="badge bad">expired</span><?php elseif ($soonFlag) : ?><span class="badge warn">soon</span><?php endif; ?></td>
    <td><?= (int) $r['s_active'] === 1 ? '<span class="badge ok">active</span>' : '<span class="badge bad">inactive</span>' ?></td>
<?php if ($canEdit) : ?>
    <td class="actions">
      <form class="inline" method="post" action="<?= e($ctx->url('subscriptions')) ?>">
        <?= \Dreport\Csrf::field() ?>
        <input type="hidden" name="do" value="renew"><input type="hidden" name="id" value="<?= e($r['s_objectid']) ?>">
        <input type="hidden" name="months" value="12"><input type="hidden" name="return" value="list"><input type="hidden" name="q" value="<?= e($q) ?>">
        <button class="small" type="submit" title="Extend by 12 months">+1 year</button>
      </form>
      <form class="inline" method="post" action="<?= e($ctx->url('subscriptions')) ?>">
        <?= \Dreport\Csrf::field() ?>
        <input type="hidden" name="do" value="activate"><input type="hidden" name="id" value="<?= e($r['s_objectid']) ?>">
        <input type="hidden" name="active" value="<?= (int) $r['s_active'] === 1 ? '0' : '1' ?>"><input type="hidden" name="return" value="list"><input type="hidden" name="q" value="<?= e($q) ?>">
        <button class="small secondary" type="submit"><?= (int) $r['s_active'] === 1 ? 'Deactivate' : 'Activate' ?></button>
      </form>
    </td>
<?php endif; ?>
  </tr>
<?php endforeach; ?>
<?php if ($rows === []) : ?>
  <tr><td colspan="10" class="muted">No subscriptions found.</td></tr>
<?php endif; ?>
  </tbody>
</table>
</div>
<?= $ctx->view->render('admin/_pager', ['ctx' => $ctx, 'page' => 'subscriptions', 'params' => ['q' => $q, 'status' => $status], 'pageNo' => $pageNo, 'pages' => $pages]) ?>
