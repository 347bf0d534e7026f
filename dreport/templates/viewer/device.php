<?php
/**
 * The device's objects, the add form and (with ?edit=) one object's settings.
 * @var \Dreport\Viewer\I18n $t
 * @var list<array<string,mixed>> $objects
 * @var list<string> $errors
 * @var array{objectid:string,name:string} $form
 * @var array<string,mixed>|null $edit
 * @var string $csrf
 */
?>
<h1><?= e($t->t('objects')) ?></h1>
<?php foreach ($errors as $err): ?>
  <div class="flash error" role="alert"><?= e($err) ?></div>
<?php endforeach; ?>

<?php if ($edit !== null): ?>
<section class="card edit-object" id="edit">
  <h2><?= e($edit['d_objectname']) ?> <span class="muted">(<?= e($edit['d_objectid']) ?>)</span></h2>
  <form method="post" action="device.php">
    <?= $csrf ?>
    <input type="hidden" name="action" value="update">
    <input type="hidden" name="objectid" value="<?= e($edit['d_objectid']) ?>">
    <label for="e-name"><?= e($t->t('name')) ?></label>
    <input id="e-name" type="text" name="name" maxlength="30" value="<?= e($edit['d_objectname']) ?>">
    <label for="e-offset"><?= e($t->t('time_offset')) ?></label>
    <select id="e-offset" name="offset">
      <?php for ($h = 0; $h <= 8; $h++): ?>
        <option value="<?= $h ?>"<?= (int) $edit['d_timeoffset'] === $h ? ' selected' : '' ?>>+<?= $h ?></option>
      <?php endfor; ?>
    </select>
    <p class="muted hint"><?= e($t->t('time_offset_hint')) ?></p>
    <label for="e-expgroup"><?= e($t->t('expense_group')) ?></label>
    <input id="e-expgroup" type="number" name="expense_group" min="0" max="999999999" inputmode="numeric" value="<?= e((string) ($edit['d_expensegroup'] ?? 84)) ?>">
    <label for="e-pass"><?= e($t->t('new_password')) ?></label>
    <input id="e-pass" type="password" name="password" autocomplete="new-password">
    <p class="actions"><button type="submit"><?= e($t->t('save')) ?></button>
    <a class="btn secondary" href="device.php"><?= e($t->t('cancel')) ?></a></p>
  </form>
</section>
<?php endif; ?>

<?php if ($objects === []): ?>
  <p class="muted empty"><?= e($t->t('no_objects')) ?></p>
<?php endif; ?>
<ul class="objects">
<?php foreach ($objects as $o): ?>
  <li class="card object" data-objectid="<?= e($o['d_objectid']) ?>">
    <a class="object-open" href="rptlist.php?id=<?= e(rawurlencode((string) $o['d_objectid'])) ?>">
      <strong class="object-name"><?= e($o['d_objectname']) ?></strong>
      <span class="muted"><?= e($o['d_objectid']) ?><?= $o['s_customername'] !== null ? ' · ' . e($o['s_customername']) : '' ?></span>
    </a>
    <?php if ($o['banner']['state'] !== 'ok'): ?>
      <span class="badge <?= $o['banner']['class'] === 'warn' ? 'warn' : 'bad' ?>"><?= e($o['banner']['text']) ?></span>
    <?php endif; ?>
    <?php if ((int) $o['d_timeoffset'] !== 0): ?>
      <span class="badge"><?= e(sprintf('+%d h', (int) $o['d_timeoffset'])) ?></span>
    <?php endif; ?>
    <div class="actions">
      <a class="btn small secondary" href="device.php?edit=<?= e(rawurlencode((string) $o['d_objectid'])) ?>#edit"><?= e($t->t('edit')) ?></a>
      <form class="inline" method="post" action="device.php">
        <?= $csrf ?>
        <input type="hidden" name="action" value="delete">
        <input type="hidden" name="objectid" value="<?= e($o['d_objectid']) ?>">
        <button type="submit" class="small danger"><?= e($t->t('delete')) ?></button>
      </form>
    </div>
  </li>
<?php endforeach; ?>
</ul>

<section class="card add-object">
  <h2><?= e($t->t('add_object')) ?></h2>
  <form method="post" action="device.php" autocomplete="off">
    <?= $csrf ?>
    <input type="hidden" name="action" value="add">
    <label for="a-id"><?= e($t->t('object_id')) ?></label>
    <input id="a-id" type="text" name="objectid" maxlength="20" required autocapitalize="none" spellcheck="false" value="<?= e($form['objectid']) ?>">
    <label for="a-pass"><?= e($t->t('object_password')) ?></label>
    <input id="a-pass" type="password" name="password" required autocomplete="new-password">
    <label for="a-name"><?= e($t->t('object_name')) ?></label>
    <input id="a-name" type="text" name="name" maxlength="30" value="<?= e($form['name']) ?>">
    <p><button type="submit"><?= e($t->t('add_object')) ?></button></p>
  </form>
</section>
