<?php /** @var \Dreport\Admin\Context $ctx */ ?>
<h1>Report catalogue</h1>
<?php if ($canWrite) : ?><p><a class="btn" href="<?= e($ctx->url('reports', ['new' => '1'])) ?>">New report</a></p><?php endif; ?>
<?php if (($edit !== null && $canEdit) || ($isNew && $canWrite)) : ?>
<?php $r = $edit ?? []; ?>
<div class="card"><h2><?= $edit !== null ? 'Edit report ' . e($r['r_name']) : 'New report' ?></h2>
  <form method="post" action="<?= e($ctx->url('reports')) ?>" id="report-form">
    <?= \Dreport\Csrf::field() ?>
    <input type="hidden" name="do" value="<?= $edit !== null ? 'save' : 'add' ?>">
    <?php if ($edit !== null) : ?><input type="hidden" name="id" value="<?= e($r['r_id']) ?>"><?php endif; ?>
    <div class="grid cols-2">
    <div><label for="r-name">Name (dataset / page key)</label><input type="text" id="r-name" name="name" maxlength="50" required value="<?= e($r['r_name'] ?? '') ?>"></div>
    <div><label for="r-objectid">Only for object ID (empty = all)</label><input type="text" id="r-objectid" name="objectid" maxlength="20" value="<?= e($r['r_objectid'] ?? '') ?>"></div>
    <div><label for="r-bg">Title (Bulgarian)</label><input type="text" id="r-bg" name="friendlyname_bg" maxlength="100" value="<?= e($r['r_friendlyname_bg'] ?? '') ?>"></div>
    <div><label for="r-en">Title (English)</label><input type="text" id="r-en" name="friendlyname_en" maxlength="100" value="<?= e($r['r_friendlyname_en'] ?? '') ?>"></div>
    <div><label for="r-href">Page (e.g. dayturnover.php; # = no page)</label><input type="text" id="r-href" name="href" maxlength="255" value="<?= e($r['r_href'] ?? '') ?>"></div>
    <div><label for="r-db">DB type letters</label><input type="text" id="r-db" name="appdbtype" maxlength="20" value="<?= e($r['r_appdbtype'] ?? '') ?>"></div>
    <div><label for="r-order">Order</label><input type="number" id="r-order" name="order" value="<?= e($r['r_order'] ?? '0') ?>"></div>
    <div><label for="r-color">Colour / text colour</label><input type="text" id="r-color" name="color" maxlength="20" value="<?= e($r['r_color'] ?? '') ?>"><input type="text" name="textcolor" maxlength="20" value="<?= e($r['r_textcolor'] ?? '') ?>"></div>
    </div>
    <label for="r-sqlbg">Task template (Bulgarian)</label><textarea id="r-sqlbg" name="sql_bg" rows="4"><?= e($r['r_sql_bg'] ?? '') ?></textarea>
    <label for="r-sqlen">Task template (English)</label><textarea id="r-sqlen" name="sql_en" rows="4"><?= e($r['r_sql_en'] ?? '') ?></textarea>
    <p><button type="submit">Save</button> <a href="<?= e($ctx->url('reports')) ?>">Cancel</a></p>
  </form>
</div>
<?php endif; ?>
<div class="table-wrap">
<table id="reports">
  <thead><tr><th>ID</th><th>Button</th><th>Name</th><th>Object</th><th>Page</th><th>Opens</th><th>DB</th><th>Order</th><?php if ($canEdit) : ?><th>Actions</th><?php endif; ?></tr></thead>
  <tbody>
<?php foreach ($rows as $r) : ?>
  <tr data-rid="<?= e($r['r_id']) ?>"><td><?= e($r['r_id']) ?></td>
    <td><span class="badge" style="background: <?= e($r['r_color'] ?: '#e3e8ef') ?>; color: <?= e($r['r_textcolor'] ?: '#ffffff') ?>"><?= e($r['r_friendlyname_en']) ?></span><br><span class="muted"><?= e($r['r_friendlyname_bg']) ?></span></td>
    <td><?= e($r['r_name']) ?></td><td><?= $r['r_objectid'] === '' ? '<span class="muted">all</span>' : e($r['r_objectid']) ?></td>
    <td><?= e($r['r_href']) ?></td>
    <td class="opens"><?= $r['opens'] !== null ? e($r['opens']) : '<span class="muted">' . (($r['r_href'] ?? '') === '#' || ($r['r_href'] ?? '') === '' ? 'no page' : 'not a viewer report') . '</span>' ?></td>
    <td><?= e($r['r_appdbtype']) ?></td><td><?= e($r['r_order']) ?></td>
<?php if ($canEdit) : ?>
    <td class="actions"><a class="btn small secondary" href="<?= e($ctx->url('reports', ['edit' => (int) $r['r_id']])) ?>">Edit</a>
      <form class="inline" method="post" action="<?= e($ctx->url('reports')) ?>" data-confirm="Delete this report button?">
        <?= \Dreport\Csrf::field() ?><input type="hidden" name="do" value="delete"><input type="hidden" name="id" value="<?= e($r['r_id']) ?>">
        <button class="small danger" type="submit">Delete</button></form></td>
<?php endif; ?>
  </tr>
<?php endforeach; ?>
  </tbody>
</table>
</div>
