<?php /** @var \Dreport\Admin\Context $ctx @var string $page @var array $params @var int $pageNo @var int $pages */ ?>
<?php if ($pages > 1) : ?>
<div class="pager">
<?php if ($pageNo > 1) : ?>
  <a class="btn small secondary" href="<?= e($ctx->url($page, ['p' => $pageNo - 1] + $params)) ?>">&larr; Previous</a>
<?php endif; ?>
  <span class="muted">Page <?= e($pageNo) ?> of <?= e($pages) ?></span>
<?php if ($pageNo < $pages) : ?>
  <a class="btn small secondary" href="<?= e($ctx->url($page, ['p' => $pageNo + 1] + $params)) ?>">Next &rarr;</a>
<?php endif; ?>
</div>
<?php endif; ?>
