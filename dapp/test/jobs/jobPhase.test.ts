import { parseEther } from 'viem'
import { describe, expect, it } from 'vitest'
import { jobPhase, type PhaseAssignment } from '../../src/jobs/jobPhase'

// An open optimistic job of 3 tasks, all assigned and in flight in one assignment.
const job = {
  status: 'Open',
  cancelled: false,
  verification: 'OPTIMISTIC',
  taskCount: 3,
  tasksUnassigned: 0,
  tasksAccepted: 0,
  openAssignments: 1,
  deadline: 10_000n,
  escrow: parseEther('1'),
}
const now = 1_000
const assignment = (status: string, challengeEnd: bigint | null = null, id = 1n): PhaseAssignment => ({
  id,
  status,
  challengeEnd,
  deadline: 5_000n,
})

describe('jobPhase', () => {
  it('is Open while tasks wait for an executor', () => {
    const phase = jobPhase({ ...job, tasksUnassigned: 3, openAssignments: 0 }, [], now)
    expect(phase).toMatchObject({ label: 'Open', tone: 'warning', deadlineMoot: undefined })
    expect(phase.title).toBe("3 tasks wait for an executor at or under the job's max price.")
    // Some assigned and computing, some still waiting: still open.
    expect(jobPhase({ ...job, tasksUnassigned: 1 }, [assignment('Assigned')], now).label).toBe('Open')
  })

  it('is Running while every task is assigned and an executor computes', () => {
    expect(jobPhase(job, [assignment('Assigned')], now).label).toBe('Running')
    // Replicated: committed, not yet revealed.
    expect(jobPhase({ ...job, verification: 'REPLICATED' }, [assignment('Committed')], now).label).toBe('Running')
    // A reclaimed assignment's replacement is what counts.
    expect(jobPhase(job, [assignment('Reclaimed', null, 1n), assignment('Assigned', null, 2n)], now).label).toBe('Running')
  })

  it('is In review, not Open, while every result sits in its challenge window', () => {
    const phase = jobPhase(job, [assignment('Submitted', 2_000n)], now)
    expect(phase).toMatchObject({ label: 'In review', tone: 'info', deadlineMoot: undefined })
    expect(phase.title).toContain('anyone may challenge a task until 1970-01-01 00:33 UTC')
    // Replicated: revealed, waiting for the group's majority.
    expect(jobPhase({ ...job, verification: 'REPLICATED' }, [assignment('Revealed')], now).label).toBe('In review')
    // One result final, one still in its window: in review until the last window ends.
    expect(jobPhase(job, [assignment('Submitted', 999n, 1n), assignment('Submitted', 2_000n, 2n)], now).label).toBe('In review')
  })

  it('says when a result is challenged', () => {
    expect(jobPhase(job, [assignment('Challenged', 2_000n)], now)).toMatchObject({ label: 'Challenged', tone: 'warning' })
  })

  it('is Ready to settle once every result is final and unpaid', () => {
    const phase = jobPhase(job, [assignment('Submitted', 999n, 1n), assignment('Accepted', null, 2n)], now)
    expect(phase).toMatchObject({ label: 'Ready to settle', tone: 'success' })
    expect(phase.title).toContain('settling (anyone can')
  })

  it('says what is left once every task is paid: finalizing, which refunds any escrow left', () => {
    const paid = { ...job, tasksAccepted: 3, openAssignments: 0 }
    const withEscrow = jobPhase(paid, [assignment('Settled')], now)
    expect(withEscrow).toMatchObject({ label: 'Done · finalize for refund', tone: 'success', deadlineMoot: 'every task is done' })
    expect(withEscrow.title).toBe(
      'Every task is accepted and its executor paid: finalizing the job (anyone can, from its page) closes it and credits the requester with the 1 NTK of escrow left.',
    )
    expect(jobPhase({ ...paid, escrow: 0n }, [assignment('Settled')], now).label).toBe('Done · finalize to close')
  })

  it('follows a cancelled job to its finalization', () => {
    const cancelled = { ...job, cancelled: true, tasksUnassigned: 2 }
    expect(jobPhase(cancelled, [assignment('Assigned')], now)).toMatchObject({
      label: 'Cancelled · finishing',
      deadlineMoot: 'the job was cancelled',
    })
    expect(jobPhase({ ...cancelled, openAssignments: 0 }, [], now)).toMatchObject({
      label: 'Cancelled · finalize for refund',
      deadlineMoot: 'the job was cancelled',
    })
  })

  it('past its deadline with tasks never assigned and nothing in flight, the job can be finalized', () => {
    const lapsed = { ...job, tasksUnassigned: 2, openAssignments: 0, tasksAccepted: 1 }
    expect(jobPhase(lapsed, [], 10_001)).toMatchObject({ label: 'Expired · finalize for refund', deadlineMoot: undefined })
    // Before the deadline the same job waits for executors.
    expect(jobPhase(lapsed, [], 10_000).label).toBe('Open')
    // Past it with work in flight, the label follows that work.
    expect(jobPhase({ ...lapsed, openAssignments: 1 }, [assignment('Assigned')], 10_001).label).toBe('Running')
  })

  it('names terminal jobs as the chain does, the deadline moot', () => {
    expect(jobPhase({ ...job, status: 'Completed' }, [], now)).toMatchObject({
      label: 'Completed',
      tone: 'success',
      deadlineMoot: 'the job is completed',
    })
    expect(jobPhase({ ...job, status: 'Expired' }, [], now).deadlineMoot).toBe('the job is expired')
    expect(jobPhase({ ...job, status: 'Cancelled' }, [], now).label).toBe('Cancelled')
  })
})
