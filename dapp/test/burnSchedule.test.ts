import { parseEther } from 'viem'
import { describe, expect, it } from 'vitest'
import type { BurnEpoch } from '../src/hooks/useBurnSchedule'
import { projectBurns } from '../src/lib/burnProjection'
import { nextBoundary, saleWeek } from '../src/lib/saleTimeline'
import { supplyHistory } from '../src/lib/supplyHistory'

const epoch = (index: number, time: number, rateBps: number, executed = false): BurnEpoch => ({
  index,
  time,
  rateBps,
  executed,
  executedAt: 0,
  target: 0n,
  burned: 0n,
})
const M = parseEther('1000000')

describe('projectBurns', () => {
  const epochs = [epoch(0, 100, 3000), epoch(1, 200, 2000), epoch(2, 300, 1000)]

  it('follows the fully funded plan: 100M -> 70M -> 56M -> 50.4M', () => {
    expect(projectBurns(epochs, 100n * M)).toEqual([
      { time: 100, supply: 70n * M },
      { time: 200, supply: 56n * M },
      { time: 300, supply: (504n * M) / 10n },
    ])
  })

  it('limits burns to the vault, as BurnSchedule does, and skips executed epochs', () => {
    expect(projectBurns(epochs, 100n * M, 5n * M).map((p) => p.supply)).toEqual([95n * M, 95n * M, 95n * M])
    expect(projectBurns([epoch(0, 100, 3000, true), ...epochs.slice(1)], 95n * M).map((p) => p.time)).toEqual([200, 300])
  })
})

describe('supplyHistory', () => {
  it('keeps the supply after the last change of each timestamp', () => {
    const points = [
      { timestamp: 10n, totalSupply: 60n * M },
      { timestamp: 10n, totalSupply: 100n * M },
      { timestamp: 20n, totalSupply: 95n * M },
    ]
    expect(supplyHistory(points)).toEqual([
      { time: 10, supply: 100n * M },
      { time: 20, supply: 95n * M },
    ])
  })
})

describe('sale timeline', () => {
  const schedule = { presaleStart: 0, presaleEnd: 100, saleStart: 200, saleEnd: 1_000, weekLength: 100 }

  it('counts public-sale bonus weeks from the sale start', () => {
    expect(saleWeek(schedule, 150)).toBeUndefined()
    expect(saleWeek(schedule, 200)).toBe(0)
    expect(saleWeek(schedule, 399)).toBe(1)
  })

  it('names the next boundary for each phase', () => {
    expect(nextBoundary('BeforePresale', schedule, 1_000, -5)).toEqual({ label: 'Presale starts in', at: 0 })
    expect(nextBoundary('Presale', schedule, 1_000, 50)).toEqual({ label: 'Presale ends in', at: 100 })
    expect(nextBoundary('BetweenPhases', schedule, 1_000, 150)).toEqual({ label: 'Public sale starts in', at: 200 })
    expect(nextBoundary('Sale', schedule, 1_000, 250)).toEqual({ label: 'Bonus drops to 10% in', at: 300 })
    expect(nextBoundary('Sale', schedule, 1_000, 450)).toEqual({ label: 'Bonus drops to 0% in', at: 500 })
    expect(nextBoundary('Sale', schedule, 1_000, 600)).toEqual({ label: 'Sale ends in', at: 1_000 })
    // A revealed secret cap can end the sale before the next bonus week.
    expect(nextBoundary('Sale', schedule, 260, 250)).toEqual({ label: 'Sale ends in', at: 260 })
    expect(nextBoundary('Ended', schedule, 1_000, 2_000)).toBeUndefined()
  })
})
