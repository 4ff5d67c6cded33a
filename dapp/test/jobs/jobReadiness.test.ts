import { describe, expect, it } from 'vitest'
import { jobReadiness } from '../../src/jobs/jobReadiness'

const job = { status: 'Open', openAssignments: 0, tasksUnassigned: 0, cancelled: false, deadline: 2_000n }
const now = 1_000

describe('jobReadiness', () => {
  it('settles accepted results and optimistic ones past their window, nothing else', () => {
    const { settleable } = jobReadiness(
      job,
      [
        { id: 1n, status: 'Submitted', challengeEnd: 999n },
        { id: 2n, status: 'Submitted', challengeEnd: 1_000n },
        { id: 3n, status: 'Accepted', challengeEnd: null },
        { id: 4n, status: 'Challenged', challengeEnd: 10n },
        { id: 5n, status: 'Settled', challengeEnd: 10n },
        { id: 6n, status: 'Assigned', challengeEnd: null },
      ],
      now,
    )
    expect(settleable).toEqual([1n, 3n])
  })

  it('finalizes a job with nothing in flight that is done, cancelled or past its deadline', () => {
    expect(jobReadiness(job, [], now)).toMatchObject({ finalizable: true, finalizeBlocker: undefined })
    expect(jobReadiness({ ...job, tasksUnassigned: 2, cancelled: true }, [], now).finalizable).toBe(true)
    expect(jobReadiness({ ...job, tasksUnassigned: 2 }, [], 2_001).finalizable).toBe(true)
  })

  it('says what still blocks finalizing', () => {
    expect(jobReadiness({ ...job, openAssignments: 1 }, [], now).finalizeBlocker).toBe('1 assignment is still in flight')
    expect(jobReadiness({ ...job, tasksUnassigned: 3 }, [], now).finalizeBlocker).toBe(
      '3 tasks wait for executors until the deadline',
    )
    expect(jobReadiness({ ...job, status: 'Completed' }, [], now).finalizeBlocker).toBe('the job is completed')
  })
})
