import { formatEth } from './format'

/**
 * Why the buyer cannot reach a presale volume tier, or undefined when they can (or their limit
 * is not known yet). A tier applies to one purchase strictly above `minWei`, and the voucher's
 * limit caps what the buyer pays over the whole sale, so a purchase can be no larger than what is
 * left of it: a tier at or above that is out of reach for this buyer.
 */
export function tierLimitReason(
  minWei: bigint,
  limit: { limitWei: bigint; remainingWei: bigint } | undefined,
): string | undefined {
  if (!limit || limit.remainingWei > minWei) return undefined
  return minWei >= limit.limitWei
    ? `above your limit of ${formatEth(limit.limitWei)}`
    : `above the ${formatEth(limit.remainingWei)} left of your limit`
}
