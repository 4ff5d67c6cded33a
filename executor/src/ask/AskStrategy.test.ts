import { describe, expect, it } from 'vitest'
import { AskStrategy } from './AskStrategy'

const base = { priceTick: 100, minTick: 50, maxTick: 150, window: 2, step: 0.1 }
const run = (s: AskStrategy, o: { tasksWon: number; utilization: number }, n: number) => {
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
})
