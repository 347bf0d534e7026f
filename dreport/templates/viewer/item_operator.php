<?php
/**
 * The device's shop-operator login for item changes of one object. The password is never
 * shown (not even masked): the field is always empty.
 * @var \Dreport\Viewer\I18n $t
 * @var array<string,mixed> $row
 * @var string $oid
 * @var string|null $operator
 * @var bool $configured
 * @var list<string> $errors
 * @var string $back
 * @var string $csrf
 */
?>
<link rel="stylesheet" href="assets/items.css">
<p class="crumbs"><a href="<?= e($back) ?>"><?= e($t->t('itm_back_search')) ?></a></p>
<h1><?= e($pageTitle) ?></h1>
<p class="muted"><?= e($row['d_objectname']) ?> (<?= e($oid) ?>)</p>
<?php foreach ($errors as $err): ?>
  <div class="flash error" role="alert"><?= e($err) ?></div>
<?php endforeach; ?>
<p><?= e($t->t('itm_operator_intro')) ?></p>
<p class="operator-current"><?= e($t->t('itm_operator_current', $operator ?? $t->t('itm_operator_none'))) ?></p>
<?php if ($configured): ?>
<form class="card operator-form" method="post" action="items.php" autocomplete="off">
  <?= $csrf ?>
  <input type="hidden" name="action" value="operator">
  <input type="hidden" name="id" value="<?= e($oid) ?>">
  <label for="o-user"><?= e($t->t('itm_username')) ?></label>
  <input id="o-user" type="text" name="username" maxlength="30" required autocapitalize="none" spellcheck="false" value="<?= e($operator ?? '') ?>">
  <label for="o-pass"><?= e($t->t('itm_password')) ?></label>
  <input id="o-pass" type="password" name="password" maxlength="32" required autocomplete="new-password">
  <p><button type="submit"><?= e($t->t('itm_save')) ?></button></p>
</form>
<?php if ($operator !== null): ?>
<form method="post" action="items.php">
  <?= $csrf ?>
  <input type="hidden" name="action" value="operator">
  <input type="hidden" name="id" value="<?= e($oid) ?>">
  <input type="hidden" name="clear" value="1">
  <button type="submit" class="small danger"><?= e($t->t('itm_operator_clear')) ?></button>
</form>
<?php endif; ?>
<?php endif; ?>
