<?php /** @var \Dreport\Admin\Context $ctx @var string $title @var string $content @var array $flashes @var array $nav @var string $csrf */ ?>
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><?= e($title) ?> · dreport admin</title>
<link rel="icon" href="../assets/favicon.ico">
<link rel="stylesheet" href="../assets/base.css">
<script src="../assets/admin.js" defer></script>
</head>
<body>
<header class="topbar">
  <a class="brand" href="<?= e($ctx->url('dashboard')) ?>">dreport admin</a>
<?php if ($ctx->user !== null) : ?>
  <span class="muted-light" id="whoami"><?= e($ctx->user->username) ?> (<?= e($ctx->user->roleName) ?>)</span>
  <form class="inline" method="post" action="<?= e($ctx->url('logout')) ?>">
    <input type="hidden" name="csrf" value="<?= e($csrf) ?>">
    <button class="small secondary" type="submit">Log out</button>
  </form>
<?php endif; ?>
</header>
<?php if ($nav !== []) : ?>
<nav class="nav">
<?php foreach ($nav as $page => $label) : ?>
  <a href="<?= e($ctx->url($page)) ?>"<?= $page === $ctx->currentPage ? ' class="active"' : '' ?>><?= e($label) ?></a>
<?php endforeach; ?>
</nav>
<?php endif; ?>
<main>
<?php foreach ($flashes as $f) : ?>
  <div class="flash <?= e($f['kind']) ?>" role="status"><?= e($f['text']) ?></div>
<?php endforeach; ?>
<?= $content /* rendered by a template that escapes its own output */ ?>
</main>
</body>
</html>
