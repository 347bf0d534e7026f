<?php

declare(strict_types=1);

namespace Dreport;

/** The report server's HTTP API could not be reached or answered nonsense. */
final class ReportServerException extends \RuntimeException
{
}
