<?php /** @var \Dreport\Admin\Context $ctx */ ?>
<h1>Roles</h1>
<p class="muted">read: see pages · write: add devices and reports · edit: change/delete them and renew subscriptions · admin: settings, whitelist, users, roles, update files.</p>
<div class="table-wrap">
<table id="roles">
  <thead><tr><th>Role</th><th>Rights</th><th>Users</th><th>Actions</th></tr></thead>
  <tbody>
<?php foreach ($rows as $r) : ?>
  <tr><td><?= e($r['r_name']) ?></td>
    <td><form method="post" action="<?= e($ctx->url('roles')) ?>" class="actions">
      <?= \Dreport\Csrf::field() ?><input type="hidden" name="do" value="save"><input type="hidden" name="id" value="<?= e($r['r_id']) ?>">
<?php foreach ($flags as $f) : ?>
      <label><input type="checkbox" name="<?= e($f) ?>" value="1"<?= (int) $r[$f] === 1 ? ' checked' : '' ?>> <?= e(substr($f, 6)) ?></label>
<?php endforeach; ?>
      <button class="small" type="submit">Save</button></form></td>
    <td><?= e($r['users']) ?></td>
    <td><form class="inline" method="post" action="<?= e($ctx->url('roles')) ?>" data-confirm="Delete role <?= e($r['r_name']) ?>?">
      <?= \Dreport\Csrf::field() ?><input type="hidden" name="do" value="delete"><input type="hidden" name="id" value="<?= e($r['r_id']) ?>">
      <button class="small danger" type="submit">Delete</button></form></td></tr>
<?php endforeach; ?>
  </tbody>
</table>
</div>
<div class="card"><h2>Add a role</h2>
  <form method="post" action="<?= e($ctx->url('roles')) ?>">
    <?= \Dreport\Csrf::field() ?><input type="hidden" name="do" value="add">
    <label for="ro-name">Name</label><input type="text" id="ro-name" name="name" maxlength="50" required>
<?php foreach ($flags as $f) : ?>
    <label><input type="checkbox" name="<?= e($f) ?>" value="1"<?= $f === 'r_can_read' ? ' checked' : '' ?>> <?= e(substr($f, 6)) ?></label>
<?php endforeach; ?>
    <p><button type="submit">Add</button></p>
  </form>
</div>
