import { describe, expect, it } from 'vitest'
import { jobAbsence } from '../../src/jobs/jobAbsence'

describe('jobAbsence', () => {
  it('a job id above the chain’s count of jobs does not exist', () => {
    expect(jobAbsence(999n, 4n)).toBe('absent')
    expect(jobAbsence(1n, 0n)).toBe('absent')
  })

  it('a job id the chain has counted is only not indexed yet', () => {
    expect(jobAbsence(4n, 4n)).toBe('unindexed')
    expect(jobAbsence(1n, 4n)).toBe('unindexed')
  })

  it('says nothing without the chain’s count', () => {
    expect(jobAbsence(999n, undefined)).toBe('unknown')
  })
})
