import { parseEther } from 'viem'
import { describe, expect, it } from 'vitest'
import type { BurnEpoch } from '../src/hooks/useBurnSchedule'
import { projectBurns, projectedOwed } from '../src/lib/burnProjection'
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
  const plan = [70n * M, 56n * M, (504n * M) / 10n]

  it('follows the fully funded plan: 100M -> 70M -> 56M -> 50.4M', () => {
    expect(projectBurns(epochs, 100n * M)).toEqual([
      { time: 100, supply: plan[0] },
      { time: 200, supply: plan[1] },
      { time: 300, supply: plan[2] },
    ])
    expect(projectedOwed(epochs, 100n * M)).toBe(0n)
  })

  it('limits burns to the vault and carries the rest forward, as BurnSchedule does', () => {
    // 5M covers part of epoch 1; the rest (25M), then epochs 2 and 3 (14M, 5.6M) stay owed.
    expect(projectBurns(epochs, 100n * M, { vault: 5n * M }).map((p) => p.supply)).toEqual([95n * M, 95n * M, 95n * M])
    expect(projectedOwed(epochs, 100n * M, { vault: 5n * M })).toBe((446n * M) / 10n)
    expect(projectBurns([epoch(0, 100, 3000, true), ...epochs.slice(1)], 95n * M).map((p) => p.time)).toEqual([200, 300])
  })

  it('burns an owed shortfall before the next target, so late funding ends on the plan', () => {
    // Epoch 1 burned 20M of its 30M target: 80M left, 10M owed.
    const rest = [epoch(0, 100, 3000, true), ...epochs.slice(1)]
    // Paid with the next epoch: it burns the 10M owed, then 20% of the 70M that remain after it.
    expect(projectBurns(rest, 80n * M, { owed: 10n * M })).toEqual([
      { time: 200, supply: plan[1] },
      { time: 300, supply: plan[2] },
    ])
    // Settled now (settleShortfall): a burn at that time, then the same plan.
    expect(projectBurns(rest, 80n * M, { owed: 10n * M, settleAt: 150 })).toEqual([
      { time: 150, supply: plan[0] },
      { time: 200, supply: plan[1] },
      { time: 300, supply: plan[2] },
    ])
  })

  it('settles what the vault holds and keeps the rest owed', () => {
    const rest = [epoch(0, 100, 3000, true), ...epochs.slice(1)]
    const options = { owed: 10n * M, vault: 4n * M, settleAt: 150 }
    expect(projectBurns(rest, 80n * M, options)).toEqual([
      { time: 150, supply: 76n * M },
      { time: 200, supply: 76n * M },
      { time: 300, supply: 76n * M },
    ])
    // 6M still owed, then epoch 2's 14M and epoch 3's 5.6M: 76M - 50.4M.
    expect(projectedOwed(rest, 80n * M, options)).toBe((256n * M) / 10n)
    // An empty vault burns nothing now: no settlement point.
    expect(projectBurns(rest, 80n * M, { owed: 10n * M, vault: 0n, settleAt: 150 }).map((p) => p.time)).toEqual([200, 300])
  })

  it('after the last epoch, only a settlement remains', () => {
    const done = epochs.map((e) => ({ ...e, executed: true }))
    expect(projectBurns(done, 60n * M, { owed: 5n * M, vault: 2n * M, settleAt: 400 })).toEqual([{ time: 400, supply: 58n * M }])
    expect(projectedOwed(done, 60n * M, { owed: 5n * M, vault: 2n * M, settleAt: 400 })).toBe(3n * M)
    expect(projectBurns(done, 60n * M)).toEqual([])
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
