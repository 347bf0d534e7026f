<?php
/**
 * The item card, read from the shop on this very request (never from URL values), with a
 * form per change. The forms are a convenience: items.php checks every change again.
 * @var \Dreport\Viewer\I18n $t
 * @var array<string,mixed> $row
 * @var string $oid
 * @var int $plu
 * @var array<string,mixed>|null $item
 * @var list<string> $barcodes
 * @var array{code:int,message:string,detail:?string}|null $error
 * @var int|null $central
 * @var string|null $operator
 * @var array{ok:bool,text:string,price:bool,other:bool}|null $status
 * @var string $back
 * @var string $csrf
 */
use Dreport\Items\Answer;
use Dreport\Items\ItemValues;
use Dreport\Reports\Registry;

$url = static fn (array $q, string $page = 'items.php'): string => $page . '?' . http_build_query($q, '', '&', PHP_QUERY_RFC3986);
$hidden = static fn (string $action): string => '<input type="hidden" name="action" value="' . e($action) . '">'
    . '<input type="hidden" name="id" value="' . e($oid) . '"><input type="hidden" name="plu" value="' . e($plu) . '">';
?>
<link rel="stylesheet" href="assets/items.css">
<p class="crumbs"><a href="<?= e($back) ?>"><?= e($t->t('itm_back_search')) ?></a></p>
<?php if ($error !== null): ?>
  <h1><?= e($pageTitle) ?> <?= e($plu) ?></h1>
  <div class="flash error report-error" role="alert" data-code="<?= e($error['code']) ?>">
    <strong><?= e($error['message']) ?></strong>
    <?php if ($error['detail'] !== null): ?><div class="detail"><?= e($t->t('rc_detail')) ?>: <?= e($error['detail']) ?></div><?php endif; ?>
    <p><a class="btn small" href="<?= e($url(['id' => $oid, 'plu' => $plu])) ?>"><?= e($t->t('retry')) ?></a></p>
  </div>
<?php elseif ($item === null): ?>
  <h1><?= e($pageTitle) ?> <?= e($plu) ?></h1>
  <div class="flash error item-missing" role="alert"><?= e($t->t('itm_not_found')) ?></div>
<?php else:
    $blocked = Answer::int($item, 'PLU_SELL_DISABLED_') === 1;
    $tax = trim(Answer::text($item, 'TAXGRP_DESCR') . (Answer::text($item, 'TAXGRP_NAME') !== '' ? ' (' . Answer::text($item, 'TAXGRP_NAME') . ')' : ''));
    ?>
  <h1 class="item-title" data-plu="<?= e($plu) ?>"><?= e(Answer::text($item, 'PLU_NAME')) ?></h1>
  <p class="muted item-fresh"><?= e($t->t($central === 1 ? 'itm_central' : 'itm_branch')) ?> · <?= e($t->t('itm_fresh')) ?></p>
  <p class="edit-status <?= $status !== null && $status['ok'] ? 'ok' : 'bad' ?>"><?= e($status['text'] ?? '') ?>
    · <a class="operator-settings" href="<?= e($url(['id' => $oid, 'view' => 'operator'])) ?>"><?= e($t->t('itm_operator_link')) ?></a></p>
  <div class="table-wrap"><table class="item-card">
    <tbody>
      <tr><th><?= e($t->t('itm_number')) ?></th><td class="f-numb"><?= e(Answer::int($item, 'PLU_NUMB')) ?></td></tr>
      <tr><th><?= e($t->t('itm_name')) ?></th><td class="f-name"><?= e(Answer::text($item, 'PLU_NAME')) ?></td></tr>
      <tr><th><?= e($t->t('itm_ecr_name')) ?></th><td class="f-ecrname"><?= e(Answer::text($item, 'PLU_ECR_NAME')) ?></td></tr>
      <tr><th><?= e($t->t('itm_group')) ?></th><td class="f-group"><?= e(Answer::text($item, 'PGRP_NAME')) ?></td></tr>
      <tr><th><?= e($t->t('itm_tax_group')) ?></th><td class="f-tax"><?= e($tax) ?></td></tr>
      <tr><th><?= e($t->t('itm_sell_price')) ?></th><td class="f-price"><?= e(Answer::money(Answer::col($item, 'PLU_SELL_PRICE'))) ?></td></tr>
      <tr><th><?= e($t->t('itm_buy_price')) ?></th><td class="f-buyprice"><?= e(Answer::money(Answer::col($item, 'PLU_BUY_PRICE'))) ?></td></tr>
      <tr><th><?= e($t->t('itm_barcodes')) ?></th><td class="f-barcodes"><?= e(implode(', ', $barcodes)) ?></td></tr>
      <tr><th><?= e($t->t('itm_promotion_flag')) ?></th><td class="f-promotion"><?= e($t->t(Answer::int($item, 'PLU_PROMOTION_') === 1 ? 'itm_yes' : 'itm_no')) ?></td></tr>
      <tr><th><?= e($t->t('itm_sale_blocked')) ?></th><td class="f-blocked"><?= e($t->t($blocked ? 'itm_yes' : 'itm_no')) ?></td></tr>
      <tr><th><?= e($t->t('itm_local_price')) ?></th><td class="f-local"><?= e($t->t(Answer::int($item, 'PLU_LOCAL_PRICE_') === 1 ? 'itm_yes' : 'itm_no')) ?></td></tr>
    </tbody>
  </table></div>

  <nav class="item-links">
    <a class="btn small secondary promotions" href="<?= e($url(['id' => $oid, 'plu' => $plu, 'view' => 'promotions'])) ?>"><?= e($t->t('itm_promotions')) ?></a>
    <?php foreach (['itemstock' => 'itm_stock', 'itemdailysales' => 'itm_daily', 'itemmonthlysales' => 'itm_monthly'] as $r => $label): ?>
      <?php if (Registry::get($r) !== null): ?>
        <a class="btn small secondary <?= e($r) ?>" href="<?= e($url(['r' => $r, 'id' => $oid, 'plu' => $plu], 'report.php')) ?>"><?= e($t->t($label)) ?></a>
      <?php endif; ?>
    <?php endforeach; ?>
  </nav>

  <section class="card item-edit">
    <form class="edit-price" method="post" action="items.php">
      <?= $csrf ?><?= $hidden('price') ?>
      <label for="c-price"><?= e($t->t('itm_sell_price')) ?></label>
      <div class="row"><input id="c-price" type="text" name="value" inputmode="decimal" maxlength="20" value="<?= e(Answer::money(Answer::col($item, 'PLU_SELL_PRICE'))) ?>">
      <button type="submit"><?= e($t->t('itm_save')) ?></button></div>
    </form>
    <form class="edit-name" method="post" action="items.php">
      <?= $csrf ?><?= $hidden('name') ?>
      <label for="c-name"><?= e($t->t('itm_name')) ?></label>
      <div class="row"><input id="c-name" type="text" name="value" maxlength="<?= e(ItemValues::NAME_MAX) ?>" value="<?= e(Answer::text($item, 'PLU_NAME')) ?>">
      <button type="submit"><?= e($t->t('itm_save')) ?></button></div>
    </form>
    <form class="edit-ecrname" method="post" action="items.php">
      <?= $csrf ?><?= $hidden('ecrname') ?>
      <label for="c-ecr"><?= e($t->t('itm_ecr_name')) ?></label>
      <div class="row"><input id="c-ecr" type="text" name="value" maxlength="<?= e(ItemValues::ECR_NAME_MAX) ?>" value="<?= e(Answer::text($item, 'PLU_ECR_NAME')) ?>">
      <button type="submit"><?= e($t->t('itm_save')) ?></button></div>
    </form>
    <form class="edit-block" method="post" action="items.php">
      <?= $csrf ?><?= $hidden('block') ?>
      <input type="hidden" name="value" value="<?= $blocked ? '0' : '1' ?>">
      <button type="submit" class="<?= $blocked ? '' : 'danger' ?>"><?= e($t->t($blocked ? 'itm_unblock' : 'itm_block')) ?></button>
    </form>
  </section>
<?php endif; ?>
