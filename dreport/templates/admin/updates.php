<?php /** @var \Dreport\Admin\Context $ctx */ ?>
<h1>Update files</h1>
<p class="muted">Folder: <?= e($folder) ?> (served by the report server at /updates and /download/&lt;name&gt;)</p>
<?php if ($error !== null) : ?><div class="flash error" id="updates-error"><?= e($error) ?></div><?php endif; ?>
<div class="table-wrap">
<table id="updates">
  <thead><tr><th>Name</th><th class="num">Size</th><th>Modified</th><th>MD5</th><?php if ($canAdmin) : ?><th>Actions</th><?php endif; ?></tr></thead>
  <tbody>
<?php foreach ($files as $f) : ?>
  <tr><td class="name"><?= e($f['name']) ?></td><td class="num"><?= e(number_format($f['size'])) ?></td><td><?= e($f['modified']) ?></td><td><code><?= e($f['md5']) ?></code></td>
<?php if ($canAdmin) : ?>
    <td><form class="inline" method="post" action="<?= e($ctx->url('updates')) ?>" data-confirm="Delete <?= e($f['name']) ?>?">
      <?= \Dreport\Csrf::field() ?><input type="hidden" name="do" value="delete"><input type="hidden" name="name" value="<?= e($f['name']) ?>">
      <button class="small danger" type="submit">Delete</button></form></td>
<?php endif; ?>
  </tr>
<?php endforeach; ?>
<?php if ($files === []) : ?><tr><td colspan="5" class="muted">No update files.</td></tr><?php endif; ?>
  </tbody>
</table>
</div>
<?php if ($canAdmin) : ?>
<div class="card"><h2>Upload</h2>
  <form method="post" action="<?= e($ctx->url('updates')) ?>" enctype="multipart/form-data" id="upload-form">
    <?= \Dreport\Csrf::field() ?><input type="hidden" name="do" value="upload">
    <input type="file" name="file" required>
    <label><input type="checkbox" name="replace" value="1"> replace an existing file of the same name</label>
    <p class="muted">At most <?= e(number_format($maxBytes)) ?> bytes; names of letters, digits, ".", "_" and "-".</p>
    <p><button type="submit">Upload</button></p>
  </form>
</div>
<?php endif; ?>
