import { describe, expect, it } from 'vitest'
import { type AskObservation, AskStrategy, GAIN, TARGET_UTILIZATION } from './AskStrategy'

const base = { priceTick: 100, minTick: 50, maxTick: 150 }
const run = (s: AskStrategy, o: AskObservation, n: number) => {
  let p = s.priceTick
  for (let i = 0; i < n; i++) p = s.observe(o)
  return p
}

describe('AskStrategy', () => {
  it('fixed never moves', () => {
    const s = new AskStrategy({ ...base, strategy: 'fixed' })
    expect(run(s, { utilization: 1 }, 20)).toBe(100)
    expect(run(s, { utilization: 0, demandBelow: 5 }, 20)).toBe(100)
  })

  it('adaptive rises while busier than its target, the more the busier, up to its maximum', () => {
    expect(TARGET_UTILIZATION).toBe(0.8)
    const s = new AskStrategy({ ...base, strategy: 'adaptive' })
    expect(s.observe({ utilization: 1 })).toBe(Math.round(100 * (1 + GAIN * 0.2))) // 104
    expect(s.observe({ utilization: 0.9 })).toBe(Math.round(100 * 1.04 * (1 + GAIN * 0.1))) // 106
    expect(run(s, { utilization: 1 }, 40)).toBe(150)
  })

  it('holds at its target utilization', () => {
    const s = new AskStrategy({ ...base, strategy: 'adaptive' })
    expect(run(s, { utilization: 0.8, demandBelow: 3 }, 10)).toBe(100)
  })

  it('falls while idler than its target toward demand it lost, down to its minimum', () => {
    const s = new AskStrategy({ ...base, strategy: 'adaptive' })
    expect(s.observe({ utilization: 0, demandBelow: 2 })).toBe(84) // 100 x (1 - 0.2 x 0.8)
    expect(s.observe({ utilization: 0.5, demandBelow: 1 })).toBe(79) // 84 x (1 - 0.2 x 0.3)
    expect(run(s, { utilization: 0, demandBelow: 2 }, 20)).toBe(50)
  })

  it('holds in a market with no demand below its price: a cut would win nothing', () => {
    const s = new AskStrategy({ ...base, strategy: 'adaptive' })
    expect(run(s, { utilization: 0, demandBelow: 0 }, 40)).toBe(100)
    expect(run(s, { utilization: 0.3, demandBelow: 0 }, 40)).toBe(100)
    // Demand below appears (a cheaper ask took tasks, a bid rests under it): down.
    expect(s.observe({ utilization: 0.3, demandBelow: 1 })).toBe(90)
    // Not observed (a caller without a book) counts as demand.
    expect(s.observe({ utilization: 0.3 })).toBe(81)
    // Busy needs no demand signal to go up.
    expect(s.observe({ utilization: 1, demandBelow: 0 })).toBe(84)
  })

  it('settles where its utilization meets the target in a market that answers its price', () => {
    // Demand that fills the node at 60 ticks and leaves it idle at 140: utilization falls linearly.
    const s = new AskStrategy({ ...base, strategy: 'adaptive', minTick: 10, maxTick: 1_000 })
    const utilizationAt = (price: number) => Math.min(1, Math.max(0, (140 - price) / 80))
    for (let i = 0; i < 200; i++) s.observe({ utilization: utilizationAt(s.priceTick), demandBelow: 1 })
    expect(utilizationAt(s.priceTick)).toBeCloseTo(0.8, 1) // about 76 ticks
  })
})
