import type { AssignmentProgress } from '@neuromation/sdk'
import { describe, expect, it } from 'vitest'
import { describeProgress, taskProgress } from '../../src/jobs/taskProgress'

const running: AssignmentProgress = {
  assignmentId: '3',
  jobId: '2',
  state: 'running',
  tasksDone: 1,
  tasksTotal: 4,
  samplesDone: 130,
  samplesTotal: 400,
}

describe('taskProgress', () => {
  it('fills the tasks before the current one, the current one by its samples, none after', () => {
    expect([0, 1, 2, 3].map((i) => taskProgress(running, i))).toEqual([
      { state: 'computed', fraction: 1 },
      { state: 'running', fraction: 0.3 },
      { state: 'queued', fraction: 0 },
      { state: 'queued', fraction: 0 },
    ])
    expect(describeProgress(running)).toBe('running: task 2 of 4, 130 / 400 samples')
  })

  it('covers every task while uploading or submitting, none while queued or failed', () => {
    expect(taskProgress({ ...running, state: 'uploading', tasksDone: 4, samplesDone: 400 }, 3)).toEqual({
      state: 'uploading',
      fraction: 1,
    })
    expect(taskProgress({ ...running, state: 'queued' }, 0)).toEqual({ state: 'queued', fraction: 0 })
    expect(describeProgress({ ...running, state: 'failed', error: 'bundle ran out of memory' })).toBe(
      'failed on the node: bundle ran out of memory',
    )
    expect(describeProgress({ ...running, state: 'queued', samplesDone: null, samplesTotal: null })).toBe('queued on the node')
  })

  it('clamps counts that do not add up (a node is not trusted)', () => {
    expect(taskProgress({ ...running, samplesDone: 399 }, 1)).toEqual({ state: 'running', fraction: 1 })
    expect(taskProgress({ ...running, tasksDone: 3, samplesDone: 5 }, 3)).toEqual({ state: 'running', fraction: 0 })
    expect(taskProgress({ ...running, samplesDone: null, samplesTotal: null }, 1)).toEqual({ state: 'running', fraction: 0 })
  })
})
