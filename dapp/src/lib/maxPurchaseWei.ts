import { quotePurchase, type SaleTerms } from './quotePurchase'

/**
 * The most worth paying now, for the Max button: the wallet's balance less the fee reserve, no
 * more than the voucher's remaining limit, and no more than the hard cap accepts (anything above
 * would only be refunded). Undefined when nothing can be paid.
 */
export function maxPurchaseWei({
  terms,
  balanceWei,
  gasReserveWei,
  remainingLimitWei,
}: {
  terms: SaleTerms
  balanceWei: bigint
  gasReserveWei: bigint
  remainingLimitWei: bigint | undefined
}): bigint | undefined {
  let max = balanceWei - gasReserveWei
  if (remainingLimitWei !== undefined && remainingLimitWei < max) max = remainingLimitWei
  if (max <= 0n) return undefined
  const quote = quotePurchase(terms, max)
  if (!quote) return undefined
  return quote.cutByCap ? quote.weiAccepted : max
}
