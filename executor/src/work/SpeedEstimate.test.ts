import { describe, expect, it } from 'vitest'
import { SPEED_WINDOW, SpeedEstimate } from './SpeedEstimate'

/** An estimate of a node declaring `declared` units/s after tasks of 1,000 units taking `seconds` each. */
function after(declared: number | undefined, seconds: number[]): number | undefined {
  const speed = new SpeedEstimate(declared)
  for (const s of seconds) speed.record(1_000, s)
  return speed.unitsPerSecond
}

describe('SpeedEstimate', () => {
  it('is the declared speed until a task ran, and unknown with neither', () => {
    expect(after(100, [])).toBe(100)
    expect(after(undefined, [])).toBeUndefined()
    expect(after(undefined, [20])).toBe(50)
  })

  it('is not moved by one slow task, first or later (a busy moment, a cold worker)', () => {
    expect(after(100, [40])).toBe(100)
    expect(after(100, [10, 10, 40])).toBe(100)
    expect(after(100, [10, 10, 10, 10, 40])).toBe(100)
    expect(after(undefined, [10, 10, 10, 10, 40])).toBe(100)
  })

  it('follows a node slow task after task, whatever it declared', () => {
    expect(after(100, [40, 40])).toBe(25)
    expect(after(100, [10, 10, 40, 40, 40])).toBe(25)
    // Once the window is full of its own tasks the declared speed no longer counts.
    expect(after(1_000, Array(SPEED_WINDOW).fill(40))).toBe(25)
  })

  it('keeps only the newest tasks: a node that got faster again is believed', () => {
    expect(after(100, [40, 40, 40, 40, 40, 10, 10, 10])).toBe(100)
  })

  it('ignores one fast task as well', () => {
    expect(after(100, [40, 40, 40, 1, 40])).toBe(25)
  })
})
