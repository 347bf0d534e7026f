<?php /** @var \Dreport\Admin\Context $ctx */ ?>
<h1>REST whitelist</h1>
<p class="muted">Addresses allowed to call api.php (the report server, billing systems). IPv4, IPv6 and CIDR ranges. Your address: <?= e($yourIp) ?></p>
<div class="table-wrap">
<table id="restip">
  <thead><tr><th>Address / range</th><th>Comment</th><th>Actions</th></tr></thead>
  <tbody>
<?php foreach ($rows as $r) : ?>
  <tr><td colspan="2">
      <form method="post" action="<?= e($ctx->url('restip')) ?>" class="actions">
        <?= \Dreport\Csrf::field() ?><input type="hidden" name="do" value="save"><input type="hidden" name="id" value="<?= e($r['r_id']) ?>">
        <input type="text" name="ip" value="<?= e($r['r_ip']) ?>" maxlength="50" aria-label="address">
        <input type="text" name="comment" value="<?= e($r['r_comment']) ?>" maxlength="255" aria-label="comment">
        <button class="small" type="submit">Save</button>
      </form></td>
    <td><form class="inline" method="post" action="<?= e($ctx->url('restip')) ?>" data-confirm="Remove <?= e($r['r_ip']) ?>?">
        <?= \Dreport\Csrf::field() ?><input type="hidden" name="do" value="delete"><input type="hidden" name="id" value="<?= e($r['r_id']) ?>">
        <button class="small danger" type="submit">Delete</button></form></td></tr>
<?php endforeach; ?>
  </tbody>
</table>
</div>
<div class="card"><h2>Add</h2>
  <form method="post" action="<?= e($ctx->url('restip')) ?>">
    <?= \Dreport\Csrf::field() ?><input type="hidden" name="do" value="add">
    <label for="ip-new">Address or CIDR</label><input type="text" id="ip-new" name="ip" maxlength="50" required placeholder="10.0.0.5, 2001:db8::/32">
    <label for="ip-comment">Comment</label><input type="text" id="ip-comment" name="comment" maxlength="255">
    <p><button type="submit">Add</button></p>
  </form>
</div>
