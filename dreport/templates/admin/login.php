<?php /** @var ?string $error @var string $username @var string $csrf @var string $action */ ?>
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log in · dreport admin</title>
<link rel="stylesheet" href="../assets/base.css">
</head>
<body>
<header class="topbar"><span class="brand">dreport admin</span></header>
<main>
  <form class="card login-box" method="post" action="<?= e($action) ?>" id="login-form">
    <h1>Log in</h1>
<?php if ($error !== null) : ?>
    <div class="flash error" role="alert" id="login-error"><?= e($error) ?></div>
<?php endif; ?>
    <input type="hidden" name="csrf" value="<?= e($csrf) ?>">
    <label for="username">Username</label>
    <input type="text" id="username" name="username" value="<?= e($username) ?>" autocomplete="username" required autofocus>
    <label for="password">Password</label>
    <input type="password" id="password" name="password" autocomplete="current-password" required>
    <p><button type="submit">Log in</button></p>
  </form>
</main>
</body>
</html>
