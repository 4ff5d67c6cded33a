import { describe, expect, it } from 'vitest'
import { EXECUTOR_STATUS_FORMAT, ExecutorStatusError, parseExecutorStatus } from './executorStatus'

const status = {
  format: EXECUTOR_STATUS_FORMAT,
  executor: '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
  updatedAt: 1_790_000_000_000,
  assignments: [
    {
      assignmentId: '3',
      jobId: '2',
      state: 'running',
      tasksDone: 1,
      tasksTotal: 4,
      samplesDone: 130,
      samplesTotal: 400,
    },
    { assignmentId: '4', jobId: '2', state: 'queued', tasksDone: 0, tasksTotal: 2, samplesDone: null, samplesTotal: null },
  ],
}

const reason = (input: unknown) => {
  try {
    parseExecutorStatus(input)
  } catch (error) {
    expect(error).toBeInstanceOf(ExecutorStatusError)
    return (error as Error).message
  }
  throw new Error('expected the status to be refused')
}

describe('parseExecutorStatus', () => {
  it('reads what the daemon serves, as text or value', () => {
    expect(parseExecutorStatus(JSON.stringify(status))).toEqual(status)
    expect(parseExecutorStatus(status)).toEqual(status)
  })

  it('refuses what is not a status, saying why', () => {
    expect(reason('<html>')).toMatch(/^the status is not JSON/)
    expect(reason(`"${'x'.repeat(300_000)}"`)).toBe('the status is over the 262144-byte limit')
    expect(reason({ ...status, format: 'other' })).toBe('invalid status: format: format must be "neuromation-executor-status/1"')
    expect(reason({ ...status, assignments: [{ ...status.assignments[0], tasksDone: 5 }] })).toBe(
      'invalid status: assignments.0: tasksDone must not exceed tasksTotal',
    )
    expect(reason({ ...status, assignments: [{ ...status.assignments[0], state: 'paid', extra: 1 }] })).toMatch(
      /^invalid status: assignments.0.state: state must be one of queued, running, uploading, submitting, failed; assignments.0: unknown field\(s\) extra/,
    )
  })
})
