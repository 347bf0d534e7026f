<?php

declare(strict_types=1);

namespace Dreport\Items;

use Dreport\Viewer\RuleViolation;

/**
 * A new promotion as the phone form describes it, validated: a fixed price or a percent
 * discount, a real date range (end not before start), a time window (end after start),
 * priority 1–10 and at least one day of the week.
 */
final class Promotion
{
    public const TYPE_PRICE = 'price';
    public const TYPE_PERCENT = 'percent';

    private function __construct(
        public readonly string $type,
        public readonly string $value,
        public readonly \DateTimeImmutable $fromDate,
        public readonly \DateTimeImmutable $toDate,
        public readonly \DateTimeImmutable $fromTime,
        public readonly \DateTimeImmutable $toTime,
        public readonly int $priority,
        public readonly string $days,
    ) {
    }

    /**
     * @param array<string,mixed> $in the POSTed form
     * @throws RuleViolation with the I18n key of the first problem
     */
    public static function fromForm(array $in): self
    {
        $type = $in['ptype'] ?? null;
        if ($type !== self::TYPE_PRICE && $type !== self::TYPE_PERCENT) {
            throw new RuleViolation('itm_err_promo_type');
        }
        $value = $type === self::TYPE_PRICE ? ItemValues::price($in['pvalue'] ?? null) : ItemValues::percent($in['pvalue'] ?? null);
        if ($value === null || $value === '0') {
            throw new RuleViolation($type === self::TYPE_PRICE ? 'itm_err_price' : 'itm_err_percent');
        }
        $fromDate = ItemValues::date($in['from_date'] ?? null);
        $toDate = ItemValues::date($in['to_date'] ?? null);
        if ($fromDate === null || $toDate === null) {
            throw new RuleViolation('itm_err_date');
        }
        if ($toDate < $fromDate) {
            throw new RuleViolation('itm_err_date_order');
        }
        $fromTime = ItemValues::time($in['from_time'] ?? null);
        $toTime = ItemValues::time($in['to_time'] ?? null);
        if ($fromTime === null || $toTime === null) {
            throw new RuleViolation('itm_err_time');
        }
        if ($toTime <= $fromTime) {
            throw new RuleViolation('itm_err_time_order');
        }
        $priority = ItemValues::priority($in['priority'] ?? null) ?? throw new RuleViolation('itm_err_priority');
        $days = ItemValues::days($in['days'] ?? null) ?? throw new RuleViolation('itm_err_days');
        return new self($type, $value, $fromDate, $toDate, $fromTime, $toTime, $priority, $days);
    }

    /** PR_PACKET_TYPE: 1 = fixed price, 4 = percent discount. */
    public function packetType(): int
    {
        return $this->type === self::TYPE_PRICE ? 1 : 4;
    }

    /** PR_PRICE: the price, or the percentage as a negative number. */
    public function storedPrice(): string
    {
        return $this->type === self::TYPE_PRICE ? $this->value : '-' . $this->value;
    }

    /** How the audit texts describe it. */
    public function summary(): string
    {
        return sprintf(
            '%s %s, %s..%s %s-%s, priority %d, days %s',
            $this->type === self::TYPE_PRICE ? 'price' : 'discount %',
            $this->value,
            $this->fromDate->format('Y-m-d'),
            $this->toDate->format('Y-m-d'),
            $this->fromTime->format('H:i:s'),
            $this->toTime->format('H:i:s'),
            $this->priority,
            $this->days
        );
    }
}
