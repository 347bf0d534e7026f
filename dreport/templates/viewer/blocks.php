<?php
/**
 * Renders a report's display blocks (built by Dreport\Reports\*::present()).
 * Text is escaped here; `svg` comes from Dreport\Viewer\Chart, which escapes its labels.
 * @var list<array<string,mixed>> $blocks
 */
$cell = static function (mixed $c): string {
    if (is_array($c)) {
        $text = e($c['text'] ?? '');
        if (($c['sub'] ?? '') !== '') {
            $text .= '<br><span class="muted sub">' . e($c['sub']) . '</span>';
        }
        if (isset($c['href'])) {
            return '<a class="' . e($c['class'] ?? '') . '" href="' . e($c['href']) . '">' . $text . '</a>';
        }
        if (isset($c['class']) || isset($c['title'])) {
            return '<span class="' . e($c['class'] ?? '') . '" title="' . e($c['title'] ?? '') . '">' . $text . '</span>';
        }
        return $text;
    }
    return e($c);
};
$table = static function (array $b) use ($cell): string {
    $h = '<div class="table-wrap"><table class="' . e($b['class'] ?? '') . '"><thead><tr>';
    foreach ($b['columns'] as $c) {
        $h .= '<th' . ($c['num'] ? ' class="num"' : '') . '>' . e($c['label']) . '</th>';
    }
    $h .= '</tr></thead><tbody>';
    foreach ($b['rows'] as $r) {
        $h .= '<tr>';
        foreach (array_values($r) as $i => $c) {
            $h .= '<td' . (($b['columns'][$i]['num'] ?? false) ? ' class="num"' : '') . '>' . $cell($c) . '</td>';
        }
        $h .= '</tr>';
    }
    $h .= '</tbody>';
    if (!empty($b['foot'])) {
        $h .= '<tfoot><tr>';
        foreach (array_values($b['foot']) as $i => $c) {
            $h .= '<th' . (($b['columns'][$i]['num'] ?? false) ? ' class="num"' : '') . '>' . $cell($c) . '</th>';
        }
        $h .= '</tr></tfoot>';
    }
    return $h . '</table></div>';
};
?>
<div class="blocks">
<?php foreach ($blocks as $b): ?>
  <?php switch ($b['type']):
    case 'stats': ?>
      <div class="stats">
      <?php foreach ($b['items'] as $s): ?>
        <div class="stat-box <?= e($s['class'] ?? '') ?>"><span class="stat-label"><?= e($s['label']) ?></span><span class="stat-value"><?= e($s['value']) ?></span></div>
      <?php endforeach; ?>
      </div>
      <?php break;
    case 'chart': ?>
      <section class="card chart">
        <?php if (($b['title'] ?? '') !== ''): ?><h2><?= e($b['title']) ?></h2><?php endif; ?>
        <?= $b['svg'] ?>
        <?php if (($b['caption'] ?? null) !== null): ?><p class="muted caption"><?= e($b['caption']) ?></p><?php endif; ?>
      </section>
      <?php break;
    case 'table': ?>
      <section class="card table-card">
        <?php if (($b['title'] ?? '') !== ''): ?><h2><?= e($b['title']) ?></h2><?php endif; ?>
        <?= $table($b) ?>
      </section>
      <?php break;
    case 'tabs': ?>
      <nav class="tabs">
      <?php foreach ($b['items'] as $tab): ?>
        <a class="tab<?= $tab['active'] ? ' active' : '' ?>" href="<?= e($tab['href']) ?>"<?= $tab['active'] ? ' aria-current="page"' : '' ?>><?= e($tab['label']) ?></a>
      <?php endforeach; ?>
      </nav>
      <?php break;
    case 'crumbs': ?>
      <p class="crumbs group-crumbs">
      <?php foreach ($b['items'] as $i => $c): ?>
        <?= $i > 0 ? ' › ' : '' ?><?php if ($c['href'] !== null): ?><a href="<?= e($c['href']) ?>"><?= e($c['label']) ?></a><?php else: ?><strong><?= e($c['label']) ?></strong><?php endif; ?>
      <?php endforeach; ?>
      </p>
      <?php break;
    case 'details': ?>
      <div class="bills <?= e($b['class'] ?? '') ?>">
      <?php foreach ($b['items'] as $d): ?>
        <details class="card bill">
          <summary><span class="bill-head"><span class="bill-no"><?= e($d['summary']) ?></span> <span class="bill-sum"><?= e($d['value']) ?></span></span><span class="muted bill-meta"><?= e($d['meta']) ?></span></summary>
          <?= $table($d['table']) ?>
        </details>
      <?php endforeach; ?>
      </div>
      <?php break;
    case 'pager': ?>
      <nav class="period pager" aria-label="pages">
        <?php if ($b['prev'] !== null): ?><a class="btn small secondary prev-page" href="<?= e($b['prev']) ?>"><?= e($b['prevLabel']) ?></a><?php else: ?><span class="btn small secondary disabled" aria-disabled="true"><?= e($b['prevLabel']) ?></span><?php endif; ?>
        <span class="period-label page-label"><?= e($b['label']) ?></span>
        <?php if ($b['next'] !== null): ?><a class="btn small secondary next-page" href="<?= e($b['next']) ?>"><?= e($b['nextLabel']) ?></a><?php else: ?><span class="btn small secondary disabled" aria-disabled="true"><?= e($b['nextLabel']) ?></span><?php endif; ?>
      </nav>
      <?php break;
    case 'heading': ?>
      <h2 class="section-title <?= e($b['class'] ?? '') ?>"><?= e($b['text']) ?></h2>
      <?php break;
    case 'note': ?>
      <p class="<?= e($b['class'] ?? 'muted') ?>"><?= e($b['text']) ?></p>
      <?php break;
  endswitch; ?>
<?php endforeach; ?>
</div>
