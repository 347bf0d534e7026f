<?php

/**
 * The original site's object settings page (objdetails.php?id=<object>, LOCATION DETAILS):
 * the object's settings on device.php (name, business-day start, password).
 */

declare(strict_types=1);

require_once __DIR__ . '/src/bootstrap.php';

$id = Dreport\ObjectId::valid($_GET['id'] ?? null);
$target = $id === null ? 'device.php' : 'device.php?edit=' . rawurlencode($id);
header('Location: ' . $target, true, 303);
exit;
