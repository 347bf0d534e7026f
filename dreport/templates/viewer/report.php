<?php
/**
 * A live report: period navigation, then either the error of the relay or the blocks.
 * @var \Dreport\Viewer\I18n $t
 * @var array<string,mixed> $row
 * @var string $report
 * @var array{label:string,prev:string,next:?string,current:?string}|null $nav
 * @var list<array<string,mixed>> $blocks
 * @var array{code:int,message:string,detail:?string}|null $error
 * @var string $retry
 */
?>
<p class="crumbs"><a href="rptlist.php?id=<?= e(rawurlencode((string) $row['d_objectid'])) ?>">‹ <?= e($row['d_objectname']) ?></a></p>
<h1 class="report-title" data-report="<?= e($report) ?>"><?= e($pageTitle) ?></h1>
<?php if ($nav !== null): ?>
<nav class="period" aria-label="period">
  <a class="btn small secondary prev" href="<?= e($nav['prev']) ?>"><?= e($t->t('prev_day')) ?></a>
  <span class="period-label"><?= e($nav['label']) ?></span>
  <?php if ($nav['next'] !== null): ?>
    <a class="btn small secondary next" href="<?= e($nav['next']) ?>"><?= e($t->t('next_day')) ?></a>
  <?php else: ?>
    <span class="btn small secondary disabled" aria-disabled="true"><?= e($t->t('next_day')) ?></span>
  <?php endif; ?>
</nav>
<?php if ($nav['current'] !== null): ?>
  <p class="to-today"><a href="<?= e($nav['current']) ?>"><?= e($t->t('today')) ?></a></p>
<?php endif; ?>
<?php endif; ?>
<?php if ($error !== null): ?>
  <div class="flash error report-error" role="alert" data-code="<?= e($error['code']) ?>">
    <strong><?= e($error['message']) ?></strong>
    <?php if ($error['detail'] !== null): ?>
      <div class="detail"><?= e($t->t('rc_detail')) ?>: <?= e($error['detail']) ?> (<?= e($error['code']) ?>)</div>
    <?php endif; ?>
    <p><a class="btn small" href="<?= e($retry) ?>"><?= e($t->t('retry')) ?></a></p>
  </div>
<?php else: ?>
  <?php require __DIR__ . '/blocks.php'; ?>
<?php endif; ?>
