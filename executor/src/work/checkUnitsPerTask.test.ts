import { describe, expect, it } from 'vitest'
import { checkUnitsPerTask } from './checkUnitsPerTask'

describe('checkUnitsPerTask', () => {
  it('passes a job that declares at least what its spec costs, rounded up', () => {
    expect(checkUnitsPerTask({ jobId: 3n, unitsPerTask: 2_000n }, { samplesPerTask: 100 }, 20)).toEqual({ needed: 2_000n })
    expect(checkUnitsPerTask({ jobId: 3n, unitsPerTask: 2n }, { samplesPerTask: 3 }, 0.5)).toEqual({ needed: 2n })
  })

  it('says why a job that understates it must not be taken', () => {
    const check = checkUnitsPerTask({ jobId: 3n, unitsPerTask: 1_999n }, { samplesPerTask: 100 }, 20)
    expect(check.needed).toBe(2_000n)
    expect(check.understated).toBe(
      'job 3 declares 1999 compute units per task, but its spec costs 2000 (100 samples x 20 units per sample)',
    )
  })
})
