<?php

declare(strict_types=1);

namespace Dreport\Items;

/**
 * The server-side authorisation of an item change, decided from what the shop answered
 * just before the change (N_OPERATORS rows, NN_OFFICE_TYPE, the item). Returns null when
 * the change is allowed, else the I18n key of the reason. Nothing here trusts the page
 * the user saw: the card's buttons are only a convenience.
 */
final class OperatorCheck
{
    /**
     * The device's operator login against N_OPERATORS: a DES-crypt hash (crypt() with the
     * hash's first two characters as salt) and the shop's "still active" flag.
     *
     * @param list<array<string,mixed>> $rows the Operator dataset
     */
    public static function operatorRefusal(array $rows, string $username, string $password): ?string
    {
        $matched = false;
        foreach ($rows as $row) {
            if (Answer::text($row, 'OPERATOR_USERNAME') !== $username) {
                continue;
            }
            $hash = Answer::text($row, 'OPERATOR_PASSWORD');
            if (strlen($hash) !== 13 || !preg_match('#^[./0-9A-Za-z]{13}$#', $hash)) {
                continue;
            }
            if (!hash_equals($hash, crypt($password, substr($hash, 0, 2)))) {
                continue;
            }
            $matched = true;
            if (Answer::int($row, 'OPERATOR_ACTIVE') === 1) {
                return null;
            }
        }
        return $matched ? 'itm_err_operator_expired' : 'itm_err_operator_wrong';
    }

    /**
     * Where the change may be made: the central database (NN_OFFICE_TYPE = 1) for
     * everything; a branch only for the price of an item with PLU_LOCAL_PRICE_ = 1.
     *
     * @param array<string,mixed>|null $item
     */
    public static function placeRefusal(?int $officeType, ?array $item, ItemChange $change): ?string
    {
        if ($officeType === null) {
            return 'itm_err_no_answer';
        }
        if ($item === null) {
            return 'itm_err_not_found';
        }
        if ($officeType === 1) {
            return null;
        }
        if ($change->centralOnly()) {
            return 'itm_err_branch';
        }
        return Answer::int($item, 'PLU_LOCAL_PRICE_') === 1 ? null : 'itm_err_branch_price';
    }

    /** True when the database is the central one. */
    public static function isCentral(?int $officeType): bool
    {
        return $officeType === 1;
    }
}
