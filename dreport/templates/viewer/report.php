<?php
/**
 * A live report: period navigation, then either the error of the relay or the blocks.
 * @var \Dreport\Viewer\I18n $t
 * @var array<string,mixed> $row
 * @var string $report
 * @var array{label:string,prev:?string,next:?string,current:?string}|null $nav
 * @var list<array<string,mixed>> $blocks
 * @var array{code:int,message:string,detail:?string}|null $error
 * @var string|null $retry
 * @var string|null $expired the expiry warning (subscription expired), else null
 * @var bool $blocked E-block page of an expired subscription: warning + EXIT only
 */
$exit = 'rptlist.php?id=' . rawurlencode((string) $row['d_objectid']);
?>
<p class="crumbs"><a href="<?= e($exit) ?>">‹ <?= e($row['d_objectname']) ?></a></p>
<h1 class="report-title" data-report="<?= e($report) ?>"><?= e($pageTitle) ?></h1>
<?php if ($expired !== null): ?>
  <div class="flash warn sub-expired" role="alert"><?= e($expired) ?></div>
<?php endif; ?>
<?php if ($blocked): ?>
  <p><a class="btn exit" href="<?= e($exit) ?>"><?= e($t->t('exit')) ?></a></p>
<?php else: ?>
<?php if ($nav !== null): ?>
<nav class="period" aria-label="period">
  <?php if ($nav['prev'] !== null): ?>
    <a class="btn small secondary prev" href="<?= e($nav['prev']) ?>"><?= e($t->t('prev_day')) ?></a>
  <?php else: ?>
    <span class="btn small secondary disabled prev-disabled" aria-disabled="true" title="<?= e($expired ?? '') ?>"><?= e($t->t('prev_day')) ?></span>
  <?php endif; ?>
  <span class="period-label"><?= e($nav['label']) ?></span>
  <?php if ($nav['next'] !== null): ?>
    <a class="btn small secondary next" href="<?= e($nav['next']) ?>"><?= e($t->t('next_day')) ?></a>
  <?php else: ?>
    <span class="btn small secondary disabled" aria-disabled="true" title="<?= e($expired ?? '') ?>"><?= e($t->t('next_day')) ?></span>
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
    <?php if ($retry !== null): ?><p><a class="btn small" href="<?= e($retry) ?>"><?= e($t->t('retry')) ?></a></p><?php endif; ?>
  </div>
<?php else: ?>
  <?php require __DIR__ . '/blocks.php'; ?>
<?php endif; ?>
<p class="exit-row"><a class="btn secondary exit" href="<?= e($exit) ?>"><?= e($t->t('exit')) ?></a></p>
<?php endif; ?>
