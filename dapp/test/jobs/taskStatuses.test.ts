import { describe, expect, it } from 'vitest'
import { taskStatuses } from '../../src/jobs/taskStatuses'

const a = (id: number, firstTask: number, taskCount: number, status: string, groupId: number | null = null) => ({
  id: BigInt(id),
  firstTask,
  taskCount,
  status,
  groupId: groupId === null ? null : BigInt(groupId),
})

describe('taskStatuses', () => {
  it('gives each task its assignment status and leaves the rest unassigned', () => {
    const tasks = taskStatuses(5, [a(1, 0, 2, 'Settled'), a(2, 2, 1, 'Submitted')])
    expect(tasks.map((t) => t.status)).toEqual(['Settled', 'Settled', 'Submitted', 'Unassigned', 'Unassigned'])
    expect(tasks[2].assignment?.id).toBe(2n)
  })

  it('marks only the task an open challenge names; the rest of the range shows as submitted', () => {
    const challenged = a(4, 0, 3, 'Challenged')
    expect(taskStatuses(3, [challenged], new Map([['4', 1]])).map((t) => t.status)).toEqual([
      'Submitted',
      'Challenged',
      'Submitted',
    ])
    // Without the challenge's row (not indexed yet) the assignment's status stands for the range.
    expect(taskStatuses(3, [challenged]).map((t) => t.status)).toEqual(['Challenged', 'Challenged', 'Challenged'])
  })

  it('shows the newest assignment of a reclaimed range', () => {
    const tasks = taskStatuses(2, [a(3, 0, 2, 'Assigned'), a(1, 0, 2, 'Reclaimed')])
    expect(tasks.map((t) => t.status)).toEqual(['Assigned', 'Assigned'])
  })

  it('shows the replica furthest along, never a slashed minority over the accepted majority', () => {
    const tasks = taskStatuses(1, [a(1, 0, 1, 'Accepted', 7), a(2, 0, 1, 'Rejected', 7), a(3, 0, 1, 'Accepted', 7)])
    expect(tasks[0].status).toBe('Accepted')
    // A reopened range (a new group) replaces the old one's outcome.
    const reopened = taskStatuses(1, [a(1, 0, 1, 'Released', 7), a(4, 0, 1, 'Committed', 8)])
    expect(reopened[0].status).toBe('Committed')
  })
})
