import { describe, expect, it } from 'vitest'
import { jobReadiness } from '../../src/jobs/jobReadiness'

const job = {
  status: 'Open',
  openAssignments: 0,
  tasksUnassigned: 0,
  cancelled: false,
  deadline: 2_000n,
  verification: 'OPTIMISTIC',
}
const now = 1_000

describe('jobReadiness', () => {
  it('settles accepted results and optimistic ones past their window, nothing else', () => {
    const { settleable } = jobReadiness(
      job,
      [
        { id: 1n, status: 'Submitted', challengeEnd: 999n, deadline: 5_000n },
        { id: 2n, status: 'Submitted', challengeEnd: 1_000n, deadline: 5_000n },
        { id: 3n, status: 'Accepted', challengeEnd: null, deadline: 5_000n },
        { id: 4n, status: 'Challenged', challengeEnd: 10n, deadline: 5_000n },
        { id: 5n, status: 'Settled', challengeEnd: 10n, deadline: 5_000n },
        { id: 6n, status: 'Assigned', challengeEnd: null, deadline: 5_000n },
      ],
      now,
    )
    expect(settleable).toEqual([1n, 3n])
  })

  it('reclaims optimistic assignments still without a result past their deadline', () => {
    const assignments = [
      { id: 1n, status: 'Assigned', challengeEnd: null, deadline: 999n },
      { id: 2n, status: 'Assigned', challengeEnd: null, deadline: 1_000n }, // the deadline second is still the executor's
      { id: 3n, status: 'Submitted', challengeEnd: 2_000n, deadline: 10n },
      { id: 4n, status: 'Reclaimed', challengeEnd: null, deadline: 10n },
    ]
    expect(jobReadiness(job, assignments, now).reclaimable).toEqual([1n])
    // Replicated groups end through resolveGroup after their deadlines, never reclaim.
    expect(jobReadiness({ ...job, verification: 'REPLICATED' }, assignments, now).reclaimable).toEqual([])
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
