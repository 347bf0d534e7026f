<?php
/**
 * One object's report buttons under its subscription banner.
 * @var \Dreport\Viewer\I18n $t
 * @var array<string,mixed> $row
 * @var array{state:string,class:string,text:string} $banner
 * @var list<array{name:string,title:string,href:string,color:string,textcolor:string}> $buttons
 */
?>
<p class="crumbs"><a href="device.php">‹ <?= e($t->t('objects')) ?></a></p>
<h1><?= e($row['d_objectname']) ?></h1>
<p class="muted"><?= e($row['d_objectid']) ?><?= ($row['s_customername'] ?? null) !== null ? ' · ' . e($row['s_customername']) : '' ?></p>
<div class="flash sub-banner sub-<?= e($banner['state']) ?> <?= e($banner['class']) ?>" data-state="<?= e($banner['state']) ?>"><?= e($banner['text']) ?></div>
<?php if ($buttons === []): ?>
  <p class="muted empty"><?= e($t->t('no_reports')) ?></p>
<?php else: ?>
<nav class="report-buttons">
  <?php foreach ($buttons as $b): ?>
    <a class="report-button" data-report="<?= e($b['name']) ?>" href="<?= e($b['href']) ?>" style="background:<?= e($b['color']) ?>;color:<?= e($b['textcolor']) ?>"><?= e($b['title']) ?></a>
  <?php endforeach; ?>
</nav>
<?php endif; ?>
