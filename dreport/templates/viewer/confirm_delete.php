<?php
/**
 * Second step of deleting an object: an explicit confirmation (works without JavaScript).
 * @var \Dreport\Viewer\I18n $t
 * @var array<string,mixed> $row
 * @var string $csrf
 */
?>
<section class="card confirm-delete">
  <p><?= e($t->t('confirm_delete', (string) $row['d_objectname'], (string) $row['d_objectid'])) ?></p>
  <form method="post" action="device.php" class="actions">
    <?= $csrf ?>
    <input type="hidden" name="action" value="delete">
    <input type="hidden" name="confirm" value="1">
    <input type="hidden" name="objectid" value="<?= e($row['d_objectid']) ?>">
    <button type="submit" class="danger"><?= e($t->t('yes_delete')) ?></button>
    <a class="btn secondary" href="device.php"><?= e($t->t('cancel')) ?></a>
  </form>
</section>
