<?php

/**
 * A page URL of the original site (bookmarks, the native wrapper app, t_reports.r_href):
 * served by the viewer's one report entry point, which opens the report registered for
 * this file name (Dreport\Reports\Registry::forPage).
 */

declare(strict_types=1);

require __DIR__ . '/report.php';
