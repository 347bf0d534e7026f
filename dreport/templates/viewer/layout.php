<?php
/**
 * Viewer page frame (phone first).
 * @var \Dreport\Viewer\I18n $t
 * @var string $title
 * @var string $content already rendered, escaped HTML of the page
 * @var array{class:string,text:string}|null $flash
 * @var string $langUrl
 * @var bool $hasDevice
 */
?><!DOCTYPE html>
<html lang="<?= e($t->lang) ?>">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title><?= e($title) ?> · <?= e($t->t('app')) ?></title>
<link rel="icon" href="assets/favicon.ico">
<link rel="stylesheet" href="assets/base.css">
<link rel="stylesheet" href="assets/viewer.css">
</head>
<body class="viewer">
<header class="topbar">
  <?php if ($hasDevice): ?><a class="brand" href="device.php"><?= e($t->t('app')) ?></a><?php else: ?><span class="brand"><?= e($t->t('app')) ?></span><?php endif; ?>
  <a class="lang" href="<?= e($langUrl) ?>"><?= e($t->t('language')) ?></a>
</header>
<main>
<?php if ($flash !== null): ?>
  <div class="flash <?= e($flash['class']) ?>" role="status"><?= e($flash['text']) ?></div>
<?php endif; ?>
<?= $content ?>
</main>
</body>
</html>
