import { describe, expect, it } from 'vitest'
import { describeDeadline } from '../../src/jobs/describeDeadline'

const job = { deadline: 100_000n, tasksUnassigned: 0 }
const running = { deadlineMoot: undefined }

describe('describeDeadline', () => {
  it('counts down while the deadline can still stop something', () => {
    expect(describeDeadline(job, running, 100_000 - 3_660)).toEqual({ value: 'in 1h 01m 00s', hint: '1970-01-02 03:46 UTC' })
    expect(describeDeadline(job, running, 100_000).value).toBe('in 0s')
  })

  it('shows no countdown on a done or terminal job: the date, and why it no longer applies', () => {
    expect(describeDeadline(job, { deadlineMoot: 'every task is done' }, 90_000)).toEqual({
      value: '1970-01-02 03:46 UTC',
      hint: 'no longer applies: every task is done',
    })
    expect(describeDeadline(job, { deadlineMoot: 'the job is completed' }, 200_000).value).toBe('1970-01-02 03:46 UTC')
  })

  it('says how long ago a deadline passed on an unfinished job', () => {
    expect(describeDeadline(job, running, 100_000 + 7_300)).toEqual({ value: 'passed 2 h ago', hint: '1970-01-02 03:46 UTC' })
    expect(describeDeadline({ ...job, tasksUnassigned: 2 }, running, 100_000 + 3 * 86_400)).toEqual({
      value: 'passed 3 d ago',
      hint: '1970-01-02 03:46 UTC · 2 unassigned tasks are refunded when the job is finalized',
    })
  })

  it('shows the date until the chain time is known', () => {
    expect(describeDeadline(job, running, undefined)).toEqual({ value: '1970-01-02 03:46 UTC', hint: undefined })
  })
})
