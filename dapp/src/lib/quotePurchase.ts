import type { SalePhase } from '@neuromation/sdk'

const BPS = 10_000n

/** What the sale's price depends on, read from TokenSale. */
export type SaleTerms = {
  phase: SalePhase
  tokensPerEth: bigint
  hardCapTokens: bigint
  tokensSold: bigint
  /** Presale volume tiers, ascending: a purchase strictly above `minWei` earns `bonusBps`. */
  tiers: readonly { minWei: bigint; bonusBps: number }[]
  /** The public sale's bonus this week (TokenSale.currentBonusBps during the Sale phase). */
  saleBonusBps: number
}

/** A purchase as TokenSale.buy would fill it (token amounts in 18-decimal units). */
export type PurchaseQuote = {
  weiAccepted: bigint
  refundWei: bigint
  tokens: bigint
  baseTokens: bigint
  bonusTokens: bigint
  /** The bonus rate applied (the tier or week), not bonus / base, which rounding makes a hair smaller. */
  bonusBps: number
  /** True when the hard cap cut the purchase (then `refundWei` > 0 and `tokens` is what was left). */
  cutByCap: boolean
}

/** TokenSale._fill: fills `weiAmount` at `bonusBps` against what is left under the hard cap. */
function fill(terms: SaleTerms, weiAmount: bigint, bonusBps: number): Omit<PurchaseQuote, 'refundWei'> {
  const left = terms.hardCapTokens - terms.tokensSold
  const baseTokens = weiAmount * terms.tokensPerEth
  const bonusTokens = (baseTokens * BigInt(bonusBps)) / BPS
  if (baseTokens + bonusTokens <= left) {
    return { weiAccepted: weiAmount, tokens: baseTokens + bonusTokens, baseTokens, bonusTokens, bonusBps, cutByCap: false }
  }
  // Cut by the cap: the least wei whose tokens cover what is left (rounded up, as the contract
  // does, so the sale never gives tokens away); the buyer gets exactly what is left.
  const ratePerWei = terms.tokensPerEth * (BPS + BigInt(bonusBps))
  const weiAccepted = (left * BPS + ratePerWei - 1n) / ratePerWei
  const acceptedBase = weiAccepted * terms.tokensPerEth
  const base = acceptedBase >= left ? left : acceptedBase
  return { weiAccepted, tokens: left, baseTokens: base, bonusTokens: left - base, bonusBps, cutByCap: true }
}

/** The presale tier a purchase of `weiAmount` reaches (the highest whose threshold it strictly exceeds). */
const tierIndex = (terms: SaleTerms, weiAmount: bigint) => terms.tiers.findLastIndex((tier) => weiAmount > tier.minWei)

/**
 * The purchase TokenSale.buy makes of `weiAmount` now, computed as the contract does so the form
 * can show it at once and find the largest amount worth sending. In the presale the volume tier
 * is chosen from the ACCEPTED amount: when the hard cap cuts a purchase, the highest tier whose
 * own fill still accepts more than its threshold (a large payment refunded down to 95 ETH earns
 * the 95 ETH tier, not the tier of what was sent). Outside Presale and Sale nothing is bought.
 */
export function quotePurchase(terms: SaleTerms, weiAmount: bigint): PurchaseQuote | undefined {
  if (weiAmount <= 0n || (terms.phase !== 'Presale' && terms.phase !== 'Sale')) return undefined
  if (terms.tokensSold >= terms.hardCapTokens) return undefined
  let filled: Omit<PurchaseQuote, 'refundWei'>
  if (terms.phase === 'Sale') {
    filled = fill(terms, weiAmount, terms.saleBonusBps)
  } else {
    filled = fill(terms, weiAmount, 0)
    for (let i = tierIndex(terms, weiAmount); i >= 0; i--) {
      const candidate = fill(terms, weiAmount, terms.tiers[i].bonusBps)
      if (candidate.weiAccepted > terms.tiers[i].minWei) {
        filled = candidate
        break
      }
    }
  }
  return { ...filled, refundWei: weiAmount - filled.weiAccepted }
}
