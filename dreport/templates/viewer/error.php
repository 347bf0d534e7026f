<?php
/** @var \Dreport\Viewer\I18n $t @var string $message */
?>
<div class="flash error" role="alert"><?= e($message) ?></div>
