import { parseEther } from 'viem'
import { describe, expect, it } from 'vitest'
import { checkPurchase, minPurchaseTokens } from '../src/lib/checkPurchase'
import { maxPurchaseWei } from '../src/lib/maxPurchaseWei'
import { quotePurchase, type SaleTerms } from '../src/lib/quotePurchase'

const ntk = (n: string) => parseEther(n)
// The local deployment's terms (script/config/local.json): 1,000 NTK per ETH, a 60M cap, presale
// tiers above 1k/2k/3k/5k/10k ETH worth +1..5%.
const tiers = [1_000, 2_000, 3_000, 5_000, 10_000].map((eth, i) => ({ minWei: parseEther(String(eth)), bonusBps: (i + 1) * 100 }))
const presale: SaleTerms = {
  phase: 'Presale',
  tokensPerEth: 1_000n,
  hardCapTokens: ntk('60000000'),
  tokensSold: 0n,
  tiers,
  saleBonusBps: 0,
}
const sale: SaleTerms = { ...presale, phase: 'Sale', saleBonusBps: 1_500 }

describe('quotePurchase', () => {
  it('fills a purchase under the cap at its tier, base + bonus = tokens', () => {
    const q = quotePurchase(presale, parseEther('2500'))!
    expect(q).toMatchObject({ weiAccepted: parseEther('2500'), refundWei: 0n, bonusBps: 200, cutByCap: false })
    expect(q.baseTokens).toBe(ntk('2500000'))
    expect(q.bonusTokens).toBe(ntk('50000'))
    expect(q.tokens).toBe(q.baseTokens + q.bonusTokens)
  })

  it('applies a tier only strictly above its threshold', () => {
    expect(quotePurchase(presale, parseEther('1000'))!.bonusBps).toBe(0)
    expect(quotePurchase(presale, parseEther('1000') + 1n)!.bonusBps).toBe(100)
  })

  it('cuts a huge purchase at the cap: exactly what is left, the rest refunded, the nominal bonus shown', () => {
    const sent = parseEther('1000000')
    const q = quotePurchase(presale, sent)!
    expect(q.cutByCap).toBe(true)
    expect(q.tokens).toBe(presale.hardCapTokens)
    expect(q.bonusBps).toBe(500)
    // Rounded up (TokenSale._fill): the least wei whose tokens at +5% cover 60M.
    expect(q.weiAccepted).toBe((ntk('60000000') * 10_000n + 1_000n * 10_500n - 1n) / (1_000n * 10_500n))
    expect(q.refundWei).toBe(sent - q.weiAccepted)
    expect(q.baseTokens + q.bonusTokens).toBe(q.tokens)
    expect(q.baseTokens).toBe(q.weiAccepted * 1_000n)
  })

  it('chooses the presale tier from the ACCEPTED amount: 10,000 ETH + 1 wei with 95 ETH left earns no bonus', () => {
    const nearCap = { ...presale, tokensSold: presale.hardCapTokens - ntk('95000') }
    const q = quotePurchase(nearCap, parseEther('10000') + 1n)!
    expect(q).toMatchObject({ cutByCap: true, bonusBps: 0, weiAccepted: parseEther('95'), tokens: ntk('95000'), bonusTokens: 0n })
    expect(q.refundWei).toBe(parseEther('9905') + 1n)
  })

  it('keeps the highest tier whose own fill still exceeds its threshold', () => {
    // 3,000 ETH + 30,000 NTK of room left: at +3% the fill accepts ~2,941 ETH (under 3,000), at +2% ~2,970 ETH (over 2,000).
    const room = ntk('3030000')
    const q = quotePurchase({ ...presale, tokensSold: presale.hardCapTokens - room }, parseEther('6000'))!
    expect(q.bonusBps).toBe(200)
    expect(q.weiAccepted > parseEther('2000')).toBe(true)
    expect(q.tokens).toBe(room)
  })

  it('uses the week bonus in the public sale and refuses outside the sale or when sold out', () => {
    expect(quotePurchase(sale, parseEther('1'))).toMatchObject({ tokens: ntk('1150'), bonusTokens: ntk('150'), bonusBps: 1_500 })
    expect(quotePurchase({ ...presale, phase: 'Ended' }, parseEther('1'))).toBeUndefined()
    expect(quotePurchase({ ...presale, tokensSold: presale.hardCapTokens }, parseEther('1'))).toBeUndefined()
    expect(quotePurchase(presale, 0n)).toBeUndefined()
  })
})

describe('checkPurchase', () => {
  const base = {
    terms: presale,
    balanceWei: parseEther('10'),
    gasReserveWei: parseEther('0.001'),
    remainingLimitWei: parseEther('5'),
  }

  it('accepts an amount within balance, fee reserve and limit', () => {
    const check = checkPurchase({ ...base, weiAmount: parseEther('1') })
    expect(check.error).toBeUndefined()
    expect(check.quote?.tokens).toBe(ntk('1000'))
  })

  it('refuses 1 wei, which would read "Buy 0 NTK", naming the smallest amount', () => {
    expect(checkPurchase({ ...base, weiAmount: 1n }).error).toBe(
      'Enter at least 0.00001 ETH: a smaller amount buys less than 0.01 NTK.',
    )
    expect(checkPurchase({ ...base, weiAmount: minPurchaseTokens / 1_000n }).error).toBeUndefined()
  })

  it('refuses more than the remaining limit (what the contract would revert on)', () => {
    expect(checkPurchase({ ...base, weiAmount: parseEther('6') }).error).toBe(
      'This exceeds your remaining limit of 5 ETH. Enter at most that, or use Max.',
    )
    expect(checkPurchase({ ...base, remainingLimitWei: 0n, weiAmount: parseEther('1') }).error).toMatch(/limit is used up/)
  })

  it('refuses the whole balance, keeping the fee, and more than the balance', () => {
    const all = { ...base, remainingLimitWei: undefined }
    expect(checkPurchase({ ...all, weiAmount: parseEther('10') }).error).toBe(
      'Keep about 0.001 ETH for the network fee: you can pay at most 9.999 ETH. Use Max to enter it.',
    )
    expect(checkPurchase({ ...all, weiAmount: parseEther('11') }).error).toBe(
      'Your wallet holds only 10 ETH. Enter less, or use Max.',
    )
    expect(checkPurchase({ ...all, weiAmount: parseEther('9.999') }).error).toBeUndefined()
  })

  it('says when the sale is sold out or closed', () => {
    expect(checkPurchase({ ...base, terms: { ...presale, tokensSold: presale.hardCapTokens }, weiAmount: 1n }).error).toMatch(
      /hard cap is reached/,
    )
    expect(checkPurchase({ ...base, terms: { ...presale, phase: 'Ended' }, weiAmount: 1n }).error).toMatch(/Purchases are closed/)
  })
})

describe('maxPurchaseWei', () => {
  it('is the balance less the fee reserve, within the limit', () => {
    const args = { terms: presale, balanceWei: parseEther('10'), gasReserveWei: parseEther('0.001') }
    expect(maxPurchaseWei({ ...args, remainingLimitWei: undefined })).toBe(parseEther('9.999'))
    expect(maxPurchaseWei({ ...args, remainingLimitWei: parseEther('2') })).toBe(parseEther('2'))
    expect(maxPurchaseWei({ ...args, balanceWei: parseEther('0.0005'), remainingLimitWei: undefined })).toBeUndefined()
  })

  it('stops at what the hard cap accepts, so nothing is sent only to be refunded', () => {
    const nearCap = { ...sale, tokensSold: sale.hardCapTokens - ntk('1150') }
    expect(
      maxPurchaseWei({ terms: nearCap, balanceWei: parseEther('100'), gasReserveWei: 0n, remainingLimitWei: undefined }),
    ).toBe(parseEther('1'))
  })

  it('passes its own check', () => {
    const args = {
      terms: presale,
      balanceWei: parseEther('10'),
      gasReserveWei: parseEther('0.001'),
      remainingLimitWei: parseEther('7'),
    }
    const max = maxPurchaseWei(args)!
    expect(checkPurchase({ ...args, weiAmount: max }).error).toBeUndefined()
  })
})
