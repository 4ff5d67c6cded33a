import { formatEth, formatNtk } from './format'
import { type PurchaseQuote, quotePurchase, type SaleTerms } from './quotePurchase'

/**
 * The smallest purchase the form sends: 0.01 NTK, the finest amount it shows. A smaller one would
 * read as "Buy 0 NTK" and cost far more in gas than it buys.
 */
export const minPurchaseTokens = 10n ** 16n

export type PurchaseCheck = { quote: PurchaseQuote; error?: undefined } | { quote?: PurchaseQuote; error: string }

/**
 * Whether the form may send `weiAmount`, and if not why, in words that say what to enter instead.
 * Mirrors what would make TokenSale.buy revert (sold out, contribution limit) and what would make
 * the wallet refuse (value plus the fee above the balance). `balanceWei` and `remainingLimitWei`
 * are skipped while unknown.
 */
export function checkPurchase({
  terms,
  weiAmount,
  balanceWei,
  gasReserveWei,
  remainingLimitWei,
}: {
  terms: SaleTerms
  weiAmount: bigint
  balanceWei: bigint | undefined
  gasReserveWei: bigint
  remainingLimitWei: bigint | undefined
}): PurchaseCheck {
  const quote = quotePurchase(terms, weiAmount)
  if (!quote) {
    return {
      error:
        terms.tokensSold >= terms.hardCapTokens
          ? 'The hard cap is reached: there are no tokens left to buy.'
          : 'Purchases are closed: tokens can be bought during the presale and the public sale.',
    }
  }
  if (quote.tokens < minPurchaseTokens) {
    const minWei = (minPurchaseTokens + terms.tokensPerEth - 1n) / terms.tokensPerEth
    return {
      quote,
      error: `Enter at least ${formatEth(minWei, 18)}: a smaller amount buys less than ${formatNtk(minPurchaseTokens)}.`,
    }
  }
  if (remainingLimitWei !== undefined && quote.weiAccepted > remainingLimitWei) {
    return {
      quote,
      error:
        remainingLimitWei === 0n
          ? 'Your eligibility limit is used up: this wallet cannot buy more in this sale.'
          : `This exceeds your remaining limit of ${formatEth(remainingLimitWei)}. Enter at most that, or use Max.`,
    }
  }
  if (balanceWei !== undefined) {
    if (weiAmount > balanceWei)
      return { quote, error: `Your wallet holds only ${formatEth(balanceWei)}. Enter less, or use Max.` }
    if (weiAmount + gasReserveWei > balanceWei) {
      return {
        quote,
        error: `Keep about ${formatEth(gasReserveWei, 6)} for the network fee: you can pay at most ${formatEth(
          balanceWei > gasReserveWei ? balanceWei - gasReserveWei : 0n,
        )}. Use Max to enter it.`,
      }
    }
  }
  return { quote }
}
