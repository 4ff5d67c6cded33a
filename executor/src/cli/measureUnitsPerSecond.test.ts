import { describe, expect, it } from 'vitest'
import { measureUnitsPerSecond } from './measureUnitsPerSecond'

describe('measureUnitsPerSecond', () => {
  it('times a real run of the digits generator (1 compute unit per sample)', { timeout: 120_000 }, async () => {
    const result = await measureUnitsPerSecond({ samples: 40, workers: 1 })
    expect(result.samples).toBe(40)
    expect(result.workers).toBe(1)
    expect(result.seconds).toBeGreaterThan(0)
    // digits declares 1 unit per sample: units/s is samples/s rounded down (at least 1).
    expect(result.unitsPerSecond).toBe(Math.max(1, Math.floor(result.samplesPerSecond)))
    expect(result.samplesPerSecond).toBeCloseTo(40 / result.seconds, 6)
  })
})
