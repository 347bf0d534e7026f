<?php
/**
 * An item's promotions (active and past, read from the shop now), delete buttons and the
 * new-promotion form. items.php checks every change again.
 * @var \Dreport\Viewer\I18n $t
 * @var array<string,mixed> $row
 * @var string $oid
 * @var int $plu
 * @var array<string,mixed>|null $item
 * @var list<array<string,mixed>> $active
 * @var list<array<string,mixed>> $past
 * @var array{code:int,message:string,detail:?string}|null $error
 * @var int|null $central
 * @var array<string,string> $form
 * @var string $csrf
 */
use Dreport\Items\Answer;

$card = 'items.php?' . http_build_query(['id' => $oid, 'plu' => $plu], '', '&', PHP_QUERY_RFC3986);
$days = explode('|', $t->t('weekdays'));
$dayMask = static function (mixed $v): string {
    $s = is_scalar($v) ? preg_replace('/\D/', '', (string) $v) : '';
    return str_pad(substr((string) $s, -7), 7, '0', STR_PAD_LEFT);
};
?>
<link rel="stylesheet" href="assets/items.css">
<p class="crumbs"><a href="<?= e($card) ?>"><?= e($t->t('itm_back_card')) ?></a></p>
<h1><?= e($pageTitle) ?> · <?= e($item !== null ? Answer::text($item, 'PLU_NAME') : (string) $plu) ?></h1>
<?php if ($error !== null): ?>
  <div class="flash error report-error" role="alert" data-code="<?= e($error['code']) ?>"><strong><?= e($error['message']) ?></strong>
  <?php if ($error['detail'] !== null): ?><div class="detail"><?= e($t->t('rc_detail')) ?>: <?= e($error['detail']) ?></div><?php endif; ?></div>
<?php elseif ($item === null): ?>
  <div class="flash error item-missing" role="alert"><?= e($t->t('itm_not_found')) ?></div>
<?php else: ?>
  <?php foreach (['active' => $active, 'past' => $past] as $kind => $list): ?>
  <h2><?= e($t->t('itm_promo_' . $kind)) ?></h2>
  <?php if ($list === []): ?>
    <p class="muted promo-none-<?= e($kind) ?>"><?= e($t->t('itm_promo_none')) ?></p>
  <?php else: ?>
  <ul class="promotions promo-<?= e($kind) ?>">
    <?php foreach ($list as $p):
        $price = Answer::col($p, 'PR_PRICE');
        $isPercent = Answer::int($p, 'PR_PACKET_TYPE') === 4 || (is_numeric($price) && (float) $price < 0);
        $mask = $dayMask(Answer::col($p, 'PR_DAYOFWEEK'));
        ?>
    <li class="card promotion" data-id="<?= e(Answer::int($p, 'PR_ID')) ?>">
      <div><strong class="promo-value"><?= e($isPercent ? '-' . Answer::money(abs((float) $price)) . ' %' : Answer::money($price)) ?></strong>
        · <?= e(Answer::dateText(Answer::col($p, 'PR_FROMDATE'))) ?> – <?= e(Answer::dateText(Answer::col($p, 'PR_TODATE'))) ?></div>
      <div class="muted"><?= e($t->t('itm_promo_hours')) ?>: <?= e(Answer::text($p, 'PR_FROMTIME')) ?>–<?= e(Answer::text($p, 'PR_TOTIME')) ?>
        · <?= e($t->t('itm_promo_priority')) ?> <?= e(Answer::int($p, 'PR_PRIORITY')) ?>
        · <?= e(implode(' ', array_values(array_filter($days, static fn (string $d, int $i): bool => $mask[$i] === '1', ARRAY_FILTER_USE_BOTH)))) ?></div>
      <?php if ($central === 1): ?>
      <form method="post" action="items.php" class="promo-delete">
        <?= $csrf ?>
        <input type="hidden" name="action" value="promo_delete"><input type="hidden" name="id" value="<?= e($oid) ?>">
        <input type="hidden" name="plu" value="<?= e($plu) ?>"><input type="hidden" name="promotion" value="<?= e(Answer::int($p, 'PR_ID')) ?>">
        <button type="submit" class="small danger"><?= e($t->t('itm_promo_delete')) ?></button>
      </form>
      <?php endif; ?>
    </li>
    <?php endforeach; ?>
  </ul>
  <?php endif; ?>
  <?php endforeach; ?>

  <h2><?= e($t->t('itm_promo_new')) ?></h2>
  <?php if ($central !== 1): ?><p class="flash error"><?= e($t->t('itm_promo_central_only')) ?></p><?php endif; ?>
  <form class="card promo-new" method="post" action="items.php">
    <?= $csrf ?>
    <input type="hidden" name="action" value="promo_add"><input type="hidden" name="id" value="<?= e($oid) ?>">
    <input type="hidden" name="plu" value="<?= e($plu) ?>">
    <fieldset class="ptype">
      <label><input type="radio" name="ptype" value="price"<?= $form['ptype'] !== 'percent' ? ' checked' : '' ?>> <?= e($t->t('itm_promo_type_price')) ?></label>
      <label><input type="radio" name="ptype" value="percent"<?= $form['ptype'] === 'percent' ? ' checked' : '' ?>> <?= e($t->t('itm_promo_type_percent')) ?></label>
    </fieldset>
    <label for="p-value"><?= e($t->t('itm_promo_value_label')) ?></label>
    <input id="p-value" type="text" name="pvalue" inputmode="decimal" maxlength="20" required value="<?= e($form['pvalue']) ?>">
    <div class="two">
      <div><label for="p-fd"><?= e($t->t('itm_promo_from_date')) ?></label><input id="p-fd" type="date" name="from_date" required value="<?= e($form['from_date']) ?>"></div>
      <div><label for="p-td"><?= e($t->t('itm_promo_to_date')) ?></label><input id="p-td" type="date" name="to_date" required value="<?= e($form['to_date']) ?>"></div>
      <div><label for="p-ft"><?= e($t->t('itm_promo_from_time')) ?></label><input id="p-ft" type="time" name="from_time" required value="<?= e($form['from_time']) ?>"></div>
      <div><label for="p-tt"><?= e($t->t('itm_promo_to_time')) ?></label><input id="p-tt" type="time" name="to_time" required value="<?= e($form['to_time']) ?>"></div>
    </div>
    <label for="p-prio"><?= e($t->t('itm_promo_priority')) ?> (1–10)</label>
    <select id="p-prio" name="priority">
      <?php for ($i = 1; $i <= 10; $i++): ?><option value="<?= $i ?>"<?= (string) $i === (string) $form['priority'] ? ' selected' : '' ?>><?= $i ?></option><?php endfor; ?>
    </select>
    <fieldset class="days"><legend><?= e($t->t('itm_promo_days')) ?></legend>
      <?php foreach ($days as $i => $d): ?>
        <label class="day"><input type="checkbox" name="days[]" value="<?= $i + 1 ?>"<?= ($form['days'][$i] ?? '1') === '1' ? ' checked' : '' ?>> <?= e($d) ?></label>
      <?php endforeach; ?>
    </fieldset>
    <p><button type="submit"><?= e($t->t('itm_promo_create')) ?></button></p>
  </form>
<?php endif; ?>
