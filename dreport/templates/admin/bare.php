<?php /** @var string $title @var string $message @var string $link */ ?>
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title><?= e($title) ?></title><link rel="icon" href="../assets/favicon.ico"><link rel="stylesheet" href="../assets/base.css"></head>
<body><main><div class="card login-box"><h1><?= e($title) ?></h1><p><?= e($message) ?></p>
<p><a class="btn" href="<?= e($link) ?>">Log in</a></p></div></main></body></html>
