<?php /** @var \Dreport\Admin\Context $ctx @var array $settings @var array $known */ ?>
<h1>Settings</h1>
<div class="table-wrap">
<table id="settings">
  <thead><tr><th>Name</th><th>Value</th><th>Actions</th></tr></thead>
  <tbody>
<?php foreach ($settings as $name => $value) : ?>
<?php $secret = \Dreport\Admin\Pages\SettingsPage::isSecret((string) $name); ?>
  <tr data-name="<?= e($name) ?>">
    <td><strong><?= e($name) ?></strong><?php if (isset($known[$name])) : ?><br><span class="muted"><?= e($known[$name][0]) ?></span><?php endif; ?></td>
    <td>
      <form method="post" action="<?= e($ctx->url('settings')) ?>" class="actions">
        <?= \Dreport\Csrf::field() ?><input type="hidden" name="do" value="save"><input type="hidden" name="name" value="<?= e($name) ?>">
<?php if ($secret) : ?>
        <input type="password" name="value" placeholder="<?= $value === null ? 'not set' : '•••••• (unchanged)' ?>" autocomplete="new-password" aria-label="<?= e($name) ?>">
<?php else : ?>
        <input type="text" name="value" value="<?= e($value) ?>" placeholder="<?= $value === null ? 'not set' : '' ?>" aria-label="<?= e($name) ?>">
<?php endif; ?>
        <button class="small" type="submit">Save</button>
      </form>
    </td>
    <td><?php if ($value !== null) : ?>
      <form class="inline" method="post" action="<?= e($ctx->url('settings')) ?>" data-confirm="Delete setting <?= e($name) ?>?">
        <?= \Dreport\Csrf::field() ?><input type="hidden" name="do" value="delete"><input type="hidden" name="name" value="<?= e($name) ?>">
        <button class="small danger" type="submit">Delete</button></form>
    <?php endif; ?></td>
  </tr>
<?php endforeach; ?>
  </tbody>
</table>
</div>
<div class="card"><h2>Add a setting</h2>
  <form method="post" action="<?= e($ctx->url('settings')) ?>">
    <?= \Dreport\Csrf::field() ?><input type="hidden" name="do" value="save">
    <label for="s-name">Name</label><input type="text" id="s-name" name="name" maxlength="50" pattern="[a-z0-9_]+" required>
    <label for="s-value">Value</label><input type="text" id="s-value" name="value" maxlength="1024">
    <p><button type="submit">Add</button></p>
  </form>
</div>
