<?php

/**
 * A page URL of the original site (PromotionDetails.php): redirects to the item pages (items.php);
 * see Dreport\Items\ItemsApp::legacyUrl(). Its write endpoints have no successor URL.
 */

declare(strict_types=1);

require_once __DIR__ . '/src/bootstrap.php';

header('Location: ' . Dreport\Items\ItemsApp::legacyUrl('promotions', $_GET), true, 303);
exit;
