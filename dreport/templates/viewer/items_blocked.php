<?php
/**
 * Item pages of an object whose subscription has expired (E-block): the warning, no query.
 * @var \Dreport\Viewer\I18n $t
 * @var array<string,mixed> $row
 * @var string $oid
 * @var string $message
 */
?>
<p class="crumbs"><a href="rptlist.php?id=<?= e(rawurlencode($oid)) ?>">‹ <?= e($row['d_objectname']) ?></a></p>
<h1><?= e($pageTitle) ?></h1>
<div class="flash error items-blocked" role="alert"><?= e($message) ?></div>
<p><a class="btn secondary" href="rptlist.php?id=<?= e(rawurlencode($oid)) ?>"><?= e($t->t('exit')) ?></a></p>
