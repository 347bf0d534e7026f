<?php
/**
 * One object's report buttons under its subscription banner (as the original rptlist:
 * the grid, then the item-editing row(s), LOCATION DETAILS and EXIT).
 * @var \Dreport\Viewer\I18n $t
 * @var array<string,mixed> $row
 * @var array{state:string,class:string,text:string} $banner
 * @var list<array{name:string,title:string,href:?string,color:string,textcolor:string,inert:bool}> $buttons
 * @var list<array{name:string,title:string,href:?string,color:string,textcolor:string,inert:bool}> $extra
 */
$button = static function (array $b): string {
    $style = 'background:' . $b['color'] . ';color:' . $b['textcolor'];
    if ($b['href'] === null) {
        return '<span class="report-button inert" aria-disabled="true" data-report="' . e($b['name']) . '" style="'
            . e($style) . '">' . e($b['title']) . '</span>';
    }
    return '<a class="report-button" data-report="' . e($b['name']) . '" href="' . e($b['href']) . '" style="'
        . e($style) . '">' . e($b['title']) . '</a>';
};
$oid = rawurlencode((string) $row['d_objectid']);
?>
<p class="crumbs"><a href="device.php">‹ <?= e($t->t('objects')) ?></a></p>
<h1><?= e($row['d_objectname']) ?></h1>
<p class="muted"><?= e($row['d_objectid']) ?><?= ($row['s_customername'] ?? null) !== null ? ' · ' . e($row['s_customername']) : '' ?></p>
<div class="flash sub-banner sub-<?= e($banner['state']) ?> <?= e($banner['class']) ?>" data-state="<?= e($banner['state']) ?>"><?= e($banner['text']) ?></div>
<?php if ($buttons === [] && $extra === []): ?>
  <p class="muted empty"><?= e($t->t('no_reports')) ?></p>
<?php else: ?>
<nav class="report-buttons">
  <?php foreach ($buttons as $b): ?>
    <?= $button($b) ?>
  <?php endforeach; ?>
</nav>
<?php endif; ?>
<nav class="report-extra">
  <?php foreach ($extra as $b): ?>
    <?= $button($b) ?>
  <?php endforeach; ?>
  <a class="btn secondary location-details" href="device.php?edit=<?= e($oid) ?>"><?= e($t->t('location_details')) ?></a>
  <a class="btn secondary exit" href="device.php"><?= e($t->t('exit')) ?></a>
</nav>
