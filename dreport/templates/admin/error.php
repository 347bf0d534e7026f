<?php /** @var string $message @var int $status */ ?>
<div class="card">
  <h1><?= $status === 403 ? 'Access denied' : 'Error' ?></h1>
  <p class="flash error" id="error-message"><?= e($message) ?></p>
  <p><a href="<?= e($ctx->url('dashboard')) ?>">Back to the dashboard</a></p>
</div>
