<?php

declare(strict_types=1);

namespace Dreport\Admin;

/**
 * One admin page: `show()` answers GET; POST actions are listed in `actions()` with the
 * permission each needs, and handled by `do<Action>()`. The router checks the CSRF token
 * and the permission before any action runs, so a page cannot forget either.
 */
abstract class Page
{
    public function __construct(protected Context $c)
    {
    }

    /** Permission needed to see the page at all. */
    public function viewPermission(): string
    {
        return User::READ;
    }

    abstract public function show(): Response;

    /** @return array<string,string> action name => required permission */
    public function actions(): array
    {
        return [];
    }

    public function handle(string $action): Response
    {
        $method = 'do' . ucfirst($action);
        if (!method_exists($this, $method)) {
            throw new HttpError(400, 'Unknown action.');
        }
        return $this->$method();
    }

    /** Escape LIKE wildcards so a search for `50%` finds "50%", not everything. */
    protected static function like(string $s): string
    {
        return '%' . addcslashes($s, '%_\\') . '%';
    }

    protected static function validDate(string $s): ?string
    {
        if (!preg_match('/^(\d{4})-(\d{1,2})-(\d{1,2})$/', $s, $m)) {
            return null;
        }
        if ((int) $m[1] < 1970 || !checkdate((int) $m[2], (int) $m[3], (int) $m[1])) {
            return null;
        }
        return sprintf('%04d-%02d-%02d', (int) $m[1], (int) $m[2], (int) $m[3]);
    }

    /** The one object-ID rule (Dreport\ObjectId), shared with the viewer and the REST API. */
    protected static function validObjectId(string $s): bool
    {
        return \Dreport\ObjectId::isValid($s);
    }
}
