<?php

declare(strict_types=1);

namespace Dreport\Viewer;

/** A user-correctable refusal (bad input, unknown object, ...); the message is an I18n key. */
final class RuleViolation extends \DomainException
{
}
