import { describe, expect, it } from 'vitest'
import { formatDuration } from './formatDuration'
import { formatWhen } from './formatWhen'

describe('formatDuration', () => {
  it('says a span in its two largest units', () => {
    expect(formatDuration(86_400)).toBe('1 day')
    expect(formatDuration(1_209_600)).toBe('14 days')
    expect(formatDuration(86_400 + 3 * 3_600 + 59)).toBe('1 day 3 h')
    expect(formatDuration(86_400 + 5 * 60)).toBe('1 day')
    expect(formatDuration(600)).toBe('10 min')
    expect(formatDuration(45n)).toBe('45 s')
    expect(formatDuration(0)).toBe('0 s')
  })
})

describe('formatWhen', () => {
  it('gives the UTC time and how far it is from the chain time', () => {
    const at = BigInt(Date.UTC(2025, 2, 1, 12, 0, 0) / 1000)
    expect(formatWhen(at, at - 86_399n)).toBe('2025-03-01 12:00:00 UTC (in 23 h 59 min)')
    expect(formatWhen(at, at + 300n)).toBe('2025-03-01 12:00:00 UTC (5 min ago)')
    expect(formatWhen(at, at)).toBe('2025-03-01 12:00:00 UTC (now)')
  })
})
