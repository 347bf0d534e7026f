<?php
/**
 * Item search (items.php?id=<object>[&f=&q=&page=]).
 * @var \Dreport\Viewer\I18n $t
 * @var array<string,mixed> $row
 * @var string $oid
 * @var string $filter
 * @var string $q
 * @var int $page
 * @var list<array<string,mixed>> $items
 * @var bool $more
 * @var int|null $central
 * @var array{code:int,message:string,detail:?string}|null $error
 * @var bool $invalid
 * @var bool $searched
 * @var array<string,string> $base
 * @var string|null $operator
 */
use Dreport\Items\Answer;

$url = static fn (array $q): string => 'items.php?' . http_build_query($q, '', '&', PHP_QUERY_RFC3986);
?>
<link rel="stylesheet" href="assets/items.css">
<p class="crumbs"><a href="rptlist.php?id=<?= e(rawurlencode($oid)) ?>">‹ <?= e($row['d_objectname']) ?></a></p>
<h1 class="items-title"><?= e($pageTitle) ?></h1>
<p class="operator-line muted"><?= e($t->t('itm_operator_link')) ?>:
  <strong><?= e($operator ?? $t->t('itm_operator_none')) ?></strong>
  · <a class="operator-settings" href="<?= e($url(['id' => $oid, 'view' => 'operator'])) ?>"><?= e($t->t('edit')) ?></a></p>
<form class="card item-search" method="get" action="items.php">
  <input type="hidden" name="id" value="<?= e($oid) ?>">
  <label for="s-f"><?= e($t->t('itm_search_by')) ?></label>
  <select id="s-f" name="f">
    <?php foreach (['name', 'numb', 'price', 'barcode'] as $f): ?>
      <option value="<?= e($f) ?>"<?= $f === $filter ? ' selected' : '' ?>><?= e($t->t('itm_f_' . $f)) ?></option>
    <?php endforeach; ?>
  </select>
  <label for="s-q"><?= e($t->t('itm_search')) ?></label>
  <input id="s-q" type="search" name="q" maxlength="120" value="<?= e($q) ?>" autocomplete="off">
  <p><button type="submit"><?= e($t->t('itm_search')) ?></button></p>
</form>
<?php if ($invalid): ?>
  <div class="flash error" role="alert"><?= e($t->t('itm_search_invalid')) ?></div>
<?php elseif ($error !== null): ?>
  <div class="flash error report-error" role="alert" data-code="<?= e($error['code']) ?>">
    <strong><?= e($error['message']) ?></strong>
    <?php if ($error['detail'] !== null): ?><div class="detail"><?= e($t->t('rc_detail')) ?>: <?= e($error['detail']) ?></div><?php endif; ?>
  </div>
<?php elseif ($searched): ?>
  <p class="db-kind muted" data-central="<?= e($central) ?>"><?= e($t->t($central === 1 ? 'itm_central' : 'itm_branch')) ?> · <?= e($t->t('itm_page', $page)) ?></p>
  <?php if ($items === []): ?>
    <p class="muted empty"><?= e($t->t('itm_none')) ?></p>
  <?php else: ?>
    <div class="table-wrap"><table class="items">
      <thead><tr><th><?= e($t->t('itm_number')) ?></th><th><?= e($t->t('itm_name')) ?></th><th class="num"><?= e($t->t('price')) ?></th></tr></thead>
      <tbody>
      <?php foreach ($items as $it): $n = Answer::int($it, 'PLU_NUMB'); ?>
        <tr class="item-row" data-plu="<?= e($n) ?>">
          <td><?= e($n) ?></td>
          <td class="name"><a href="<?= e($url(['id' => $oid, 'plu' => $n])) ?>"><?= e(Answer::text($it, 'PLU_NAME')) ?></a>
            <?php if (Answer::int($it, 'PLU_SELL_DISABLED_') === 1): ?><span class="badge bad"><?= e($t->t('itm_sale_blocked')) ?></span><?php endif; ?>
            <?php if (Answer::int($it, 'PLU_PROMOTION_') === 1): ?><span class="badge warn"><?= e($t->t('itm_promotion_flag')) ?></span><?php endif; ?></td>
          <td class="num"><?= e(Answer::money(Answer::col($it, 'PLU_SELL_PRICE'))) ?></td>
        </tr>
      <?php endforeach; ?>
      </tbody>
    </table></div>
  <?php endif; ?>
  <nav class="pager">
    <?php if ($page > 1): ?><a class="btn small secondary prev" href="<?= e($url($base + ['page' => $page - 1])) ?>"><?= e($t->t('itm_prev')) ?></a><?php endif; ?>
    <?php if ($more): ?><a class="btn small secondary next" href="<?= e($url($base + ['page' => $page + 1])) ?>"><?= e($t->t('itm_next')) ?></a><?php endif; ?>
  </nav>
<?php endif; ?>
