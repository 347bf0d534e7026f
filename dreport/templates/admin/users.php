<?php /** @var \Dreport\Admin\Context $ctx */ ?>
<h1>Users</h1>
<?php $roleSelect = static function (array $roles, ?int $selected, string $id): string {
    $h = '<select id="' . e($id) . '" name="role_id" required><option value="">—</option>';
    foreach ($roles as $r) {
        $h .= '<option value="' . e($r['r_id']) . '"' . ((int) $r['r_id'] === $selected ? ' selected' : '') . '>' . e($r['r_name']) . '</option>';
    }
    return $h . '</select>';
}; ?>
<?php if ($edit !== null) : ?>
<div class="card"><h2>Edit <?= e($edit['a_username']) ?></h2>
  <form method="post" action="<?= e($ctx->url('users')) ?>">
    <?= \Dreport\Csrf::field() ?><input type="hidden" name="do" value="save"><input type="hidden" name="id" value="<?= e($edit['a_id']) ?>">
    <label for="e-role">Role</label><?= $roleSelect($roles, (int) $edit['a_role_id'], 'e-role') ?>
    <label for="e-first">First name</label><input type="text" id="e-first" name="first_name" maxlength="50" value="<?= e($edit['a_first_name']) ?>">
    <label for="e-last">Last name</label><input type="text" id="e-last" name="last_name" maxlength="50" value="<?= e($edit['a_last_name']) ?>">
    <label for="e-pw">New password (empty = unchanged)</label><input type="password" id="e-pw" name="password" autocomplete="new-password">
    <p><button type="submit">Save</button> <a href="<?= e($ctx->url('users')) ?>">Cancel</a></p>
  </form>
</div>
<?php endif; ?>
<div class="table-wrap">
<table id="users">
  <thead><tr><th>Username</th><th>Name</th><th>Role</th><th>Actions</th></tr></thead>
  <tbody>
<?php foreach ($rows as $r) : ?>
  <tr><td><?= e($r['a_username']) ?></td><td><?= e($r['a_first_name']) ?> <?= e($r['a_last_name']) ?></td><td><?= e($r['r_name'] ?? '(none)') ?></td>
    <td class="actions"><a class="btn small secondary" href="<?= e($ctx->url('users', ['edit' => (int) $r['a_id']])) ?>">Edit</a>
    <form class="inline" method="post" action="<?= e($ctx->url('users')) ?>" data-confirm="Delete user <?= e($r['a_username']) ?>?">
      <?= \Dreport\Csrf::field() ?><input type="hidden" name="do" value="delete"><input type="hidden" name="id" value="<?= e($r['a_id']) ?>">
      <button class="small danger" type="submit">Delete</button></form></td></tr>
<?php endforeach; ?>
  </tbody>
</table>
</div>
<div class="card"><h2>Add a user</h2>
  <form method="post" action="<?= e($ctx->url('users')) ?>" id="user-add">
    <?= \Dreport\Csrf::field() ?><input type="hidden" name="do" value="add">
    <label for="u-name">Username</label><input type="text" id="u-name" name="username" maxlength="50" required>
    <label for="u-pw">Password (min. 8)</label><input type="password" id="u-pw" name="password" autocomplete="new-password" required>
    <label for="u-role">Role</label><?= $roleSelect($roles, null, 'u-role') ?>
    <label for="u-first">First name</label><input type="text" id="u-first" name="first_name" maxlength="50">
    <label for="u-last">Last name</label><input type="text" id="u-last" name="last_name" maxlength="50">
    <p><button type="submit">Add</button></p>
  </form>
</div>
