import { parseEther } from 'viem'
import { describe, expect, it } from 'vitest'
import { tierLimitReason } from '../src/lib/tierLimitReason'

const limit = (limitEth: string, remainingEth: string) => ({
  limitWei: parseEther(limitEth),
  remainingWei: parseEther(remainingEth),
})

describe('tierLimitReason', () => {
  it('a tier the buyer can pay above is reachable', () => {
    expect(tierLimitReason(parseEther('10'), limit('100', '100'))).toBeUndefined()
    expect(tierLimitReason(parseEther('10'), limit('100', '10.5'))).toBeUndefined()
  })

  it('a tier at or above the voucher limit is out of reach (it needs a purchase above its threshold)', () => {
    expect(tierLimitReason(parseEther('10'), limit('10', '10'))).toBe('above your limit of 10 ETH')
    expect(tierLimitReason(parseEther('50'), limit('10', '10'))).toBe('above your limit of 10 ETH')
  })

  it('the limit is cumulative: what earlier purchases used is gone', () => {
    expect(tierLimitReason(parseEther('10'), limit('20', '8'))).toBe('above the 8 ETH left of your limit')
    expect(tierLimitReason(parseEther('10'), limit('20', '10'))).toBe('above the 10 ETH left of your limit')
  })

  it('says nothing without a voucher', () => {
    expect(tierLimitReason(parseEther('10'), undefined)).toBeUndefined()
  })
})
