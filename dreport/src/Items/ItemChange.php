<?php

declare(strict_types=1);

namespace Dreport\Items;

/**
 * One change a phone user asks for, already validated: which statements it sends, which
 * rule authorises it, and how the shop's EVENTS row and dreport's t_statistics row
 * describe it. The statements and the EVENTS insert travel as ONE task, which the shop's
 * client runs in one transaction.
 */
final class ItemChange
{
    public const PRICE = 'price';
    public const NAME = 'name';
    public const ECR_NAME = 'ecrname';
    public const SALE_BLOCK = 'block';
    public const PROMO_ADD = 'promo_add';
    public const PROMO_DELETE = 'promo_delete';
    /** The read-back dataset (its name in the task is S<n>After, the last step). */
    public const AFTER = 'After';

    private function __construct(
        public readonly string $kind,
        public readonly int $plu,
        public readonly string|bool|Promotion|null $value,
        public readonly ?int $promotionId = null,
    ) {
    }

    public static function price(int $plu, string $price): self
    {
        return new self(self::PRICE, $plu, $price);
    }

    public static function name(int $plu, string $name): self
    {
        return new self(self::NAME, $plu, $name);
    }

    public static function ecrName(int $plu, string $name): self
    {
        return new self(self::ECR_NAME, $plu, $name);
    }

    public static function saleBlock(int $plu, bool $blocked): self
    {
        return new self(self::SALE_BLOCK, $plu, $blocked);
    }

    public static function addPromotion(int $plu, Promotion $p): self
    {
        return new self(self::PROMO_ADD, $plu, $p);
    }

    public static function deletePromotion(int $plu, int $id): self
    {
        return new self(self::PROMO_DELETE, $plu, null, $id);
    }

    /**
     * Only the price may be changed in a branch database, and only for an item with a
     * local price (PLU_LOCAL_PRICE_ = 1); everything else needs the central database.
     */
    public function centralOnly(): bool
    {
        return $this->kind !== self::PRICE;
    }

    /** The read-back rows of a change task's answer. @param array<string,mixed> $answer */
    public function afterRow(array $answer): ?array
    {
        foreach ($answer as $name => $rows) {
            if (is_string($name) && preg_match('/^S\d+' . self::AFTER . '$/', $name)) {
                return \Dreport\Reports\Task::rows($answer, $name)[0] ?? null;
            }
        }
        return null;
    }

    /**
     * The change's statements, in the order the shop runs them, then the EVENTS row and the
     * read-back; names `S1…`, `S2…` so name order = task order.
     *
     * @return array<string,string> dataset name => SQL
     */
    public function statements(string $objectId, string $username, string $deviceId): array
    {
        $s = match ($this->kind) {
            self::PRICE => ['SetPrice' => ItemSql::setPrice($this->plu, (string) $this->value)],
            self::NAME => ['SetName' => ItemSql::setName($this->plu, (string) $this->value)],
            self::ECR_NAME => ['SetEcrName' => ItemSql::setEcrName($this->plu, (string) $this->value)],
            self::SALE_BLOCK => ['SetSaleBlock' => ItemSql::setSaleBlocked($this->plu, $this->value === true)],
            self::PROMO_ADD => [
                'MarkPromotion' => ItemSql::markPromotion($this->plu),
                'AddPromotion' => ItemSql::insertPromotion($this->plu, $this->promotion()),
            ],
            self::PROMO_DELETE => [
                'DeletePromotion' => ItemSql::deletePromotion($this->plu, (int) $this->promotionId),
                'UnmarkPromotion' => ItemSql::unmarkPromotionIfNoneLeft($this->plu),
            ],
        };
        $dataNumb = $this->kind === self::PROMO_DELETE ? (int) $this->promotionId : $this->plu;
        $s['Event'] = ItemSql::event($this->eventText($objectId, $username), $dataNumb, $deviceId);
        // Read back in the same transaction: what the shop actually stored (e.g. a price
        // rounded to the column's scale) is what the user and dreport's audit are told.
        $s[self::AFTER] = ItemSql::item($this->plu);
        // Step numbers in the names: the same order whether a client runs the datasets in
        // the task's order or sorted by name (bos-client's JSON map sorts them).
        $out = [];
        $i = 0;
        foreach ($s as $name => $sql) {
            $out['S' . ++$i . $name] = $sql;
        }
        return $out;
    }

    /**
     * EV_DESCRIPTION: `[МОБИЛНИ СПРАВКИ] [<ACTION>] ОБЕКТ (<object>) Оператор (<username>)
     * <sentence>.` The operator's password never appears in it.
     */
    public function eventText(string $objectId, string $username): string
    {
        $plu = (string) $this->plu;
        [$action, $sentence] = match ($this->kind) {
            self::NAME => ['ПРОМЯНА ИМЕ', "направи промяна на име на артикул({$this->value}) с артикулен номер($plu)"],
            self::PRICE => ['ПРОМЯНА ЦЕНА', "направи промяна на цена({$this->value}) за артикул с артикулен номер($plu)"],
            self::ECR_NAME => [
                'ПРОМЯНА КАСОВО ИМЕ',
                "направи промяна на касово име({$this->value}) за артикул с артикулен номер($plu)",
            ],
            self::SALE_BLOCK => [
                'ПРОМЯНА АРТИКУЛ',
                ($this->value === true ? 'забрани' : 'разреши') . " за продажба артикул с артикулен номер($plu)",
            ],
            self::PROMO_DELETE => ['ПРЕМАХВАНЕ НА ПРОМОЦИЯ', "премахна промоция с ID ({$this->promotionId})"],
            self::PROMO_ADD => ['НОВА ПРОМОЦИЯ', sprintf(
                'направи нова промоция за артикул (%s) с начална дата (%s), крайна дата (%s), начален час (%s), краен час (%s)',
                $plu,
                $this->promotion()->fromDate->format('Y-m-d'),
                $this->promotion()->toDate->format('Y-m-d'),
                $this->promotion()->fromTime->format('H:i:s'),
                $this->promotion()->toTime->format('H:i:s')
            )],
        };
        return "[МОБИЛНИ СПРАВКИ] [$action] ОБЕКТ ($objectId) Оператор ($username) $sentence.";
    }

    /**
     * "what changed from what to what" for dreport's own audit row, from the item as the
     * shop had it just before the change.
     *
     * @param array<string,mixed>|null $item the item row read before the change
     * @param array<string,mixed>|null $after the item row read back after it (same transaction)
     */
    public function auditText(?array $item, ?array $after = null): string
    {
        $was = static fn (string $col): string => $item === null ? '?' : (string) (Answer::col($item, $col) ?? '');
        // A read-back without the column (a shop answering oddly) reports what was asked for.
        $now = fn (string $col): string => (string) ($after === null ? $this->value : (Answer::col($after, $col) ?? $this->value));
        return match ($this->kind) {
            self::PRICE => sprintf('sell price %s -> %s', $was('PLU_SELL_PRICE'), $now('PLU_SELL_PRICE')),
            self::NAME => sprintf('name "%s" -> "%s"', $was('PLU_NAME'), $now('PLU_NAME')),
            self::ECR_NAME => sprintf('till name "%s" -> "%s"', $was('PLU_ECR_NAME'), $now('PLU_ECR_NAME')),
            self::SALE_BLOCK => sprintf('sale blocked %s -> %d', $was('PLU_SELL_DISABLED_'), $this->value === true ? 1 : 0),
            self::PROMO_ADD => 'new promotion: ' . $this->promotion()->summary(),
            self::PROMO_DELETE => sprintf('promotion %d deleted', (int) $this->promotionId),
        };
    }

    /**
     * The stored price when the shop kept a different number than asked for (its column
     * has fewer decimals), else null.
     *
     * @param array<string,mixed>|null $after
     */
    public function storedPriceDiffers(?array $after): ?string
    {
        if ($this->kind !== self::PRICE || $after === null) {
            return null;
        }
        $stored = Answer::col($after, 'PLU_SELL_PRICE');
        if (!is_numeric($stored)) {
            return null;
        }
        $norm = ItemValues::price(number_format((float) $stored, ItemValues::PRICE_DECIMALS, '.', ''));
        return $norm !== null && $norm !== (string) $this->value ? Answer::money($stored) : null;
    }

    private function promotion(): Promotion
    {
        return $this->value instanceof Promotion ? $this->value : throw new \LogicException('not a promotion');
    }
}
