import { describe, expect, it } from 'vitest'
import { type AskObservation, AskStrategy } from './AskStrategy'

const base = { priceTick: 100, minTick: 50, maxTick: 150, window: 2, step: 0.1 }
const run = (s: AskStrategy, o: AskObservation, n: number) => {
  let p = s.priceTick
  for (let i = 0; i < n; i++) p = s.observe(o)
  return p
}

describe('AskStrategy', () => {
  it('fixed never moves', () => {
    const s = new AskStrategy({ ...base, strategy: 'fixed' })
    expect(run(s, { tasksWon: 9, utilization: 1 }, 20)).toBe(100)
    expect(run(s, { tasksWon: 0, utilization: 0 }, 20)).toBe(100)
  })

  it('adaptive rises when fully booked and falls when idle, one step per window, within bounds', () => {
    const s = new AskStrategy({ ...base, strategy: 'adaptive' })
    expect(s.observe({ tasksWon: 4, utilization: 1 })).toBe(100) // mid-window: no decision yet
    expect(s.observe({ tasksWon: 4, utilization: 1 })).toBe(110)
    expect(run(s, { tasksWon: 4, utilization: 1 }, 20)).toBe(150) // capped at max
    expect(run(s, { tasksWon: 0, utilization: 0 }, 2)).toBe(135)
    expect(run(s, { tasksWon: 0, utilization: 0 }, 40)).toBe(50) // floored at min
  })

  it('turns around when a move lowered its earnings', () => {
    const s = new AskStrategy({ ...base, strategy: 'adaptive' })
    run(s, { tasksWon: 4, utilization: 0.5 }, 2) // first window: earnings 400/interval, moves up (initial direction)
    expect(s.priceTick).toBe(110)
    run(s, { tasksWon: 2, utilization: 0.5 }, 2) // 220 < 400: turn around
    expect(s.priceTick).toBe(99)
    run(s, { tasksWon: 4, utilization: 0.5 }, 2) // 396 > 220: keep going down
    expect(s.priceTick).toBe(89)
  })

  it('adaptive holds its price in a market with no demand: nothing won, nothing lost below it', () => {
    const s = new AskStrategy({ ...base, strategy: 'adaptive' })
    expect(run(s, { tasksWon: 0, utilization: 0, demandBelow: 0 }, 40)).toBe(100)
    // Demand below its price (tasks that went to cheaper asks, bids resting under it): down.
    expect(run(s, { tasksWon: 0, utilization: 0, demandBelow: 3 }, 2)).toBe(90)
    expect(run(s, { tasksWon: 0, utilization: 0, demandBelow: 0 }, 2)).toBe(90)
    // One interval of the window with demand below is enough.
    s.observe({ tasksWon: 0, utilization: 0, demandBelow: 0 })
    expect(s.observe({ tasksWon: 0, utilization: 0, demandBelow: 1 })).toBe(81)
  })

  it('hill-climbs down only toward demand below its price', () => {
    const s = new AskStrategy({ ...base, strategy: 'adaptive' })
    run(s, { tasksWon: 4, utilization: 0.5, demandBelow: 0 }, 2) // up first
    expect(s.priceTick).toBe(110)
    run(s, { tasksWon: 2, utilization: 0.5, demandBelow: 0 }, 2) // earnings fell: turn around, but nothing below to win
    expect(s.priceTick).toBe(110)
    run(s, { tasksWon: 2, utilization: 0.5, demandBelow: 1 }, 2) // same earnings, now cheaper asks took tasks: down
    expect(s.priceTick).toBe(99)
    run(s, { tasksWon: 0, utilization: 0.2, demandBelow: 2 }, 2) // no win, demand below: down
    expect(s.priceTick).toBe(89)
  })

  it('still goes up when fully booked in a window without new wins', () => {
    const s = new AskStrategy({ ...base, strategy: 'adaptive' })
    expect(run(s, { tasksWon: 0, utilization: 1, demandBelow: 0 }, 2)).toBe(110)
  })
})
