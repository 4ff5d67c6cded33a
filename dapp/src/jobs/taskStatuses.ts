/** What the grid needs of an assignment (an indexer row has these columns). */
export type TaskAssignment = { id: bigint; firstTask: number; taskCount: number; status: string; groupId: bigint | null }

/** Statuses in the order a task moves through them, with the words the legend uses. */
export const TASK_STATUSES: [string, string][] = [
  ['Unassigned', 'waiting for an executor'],
  ['Assigned', 'assigned'],
  ['Committed', 'committed'],
  ['Revealed', 'revealed'],
  ['Submitted', 'submitted'],
  ['Challenged', 'challenged'],
  ['Accepted', 'accepted'],
  ['Settled', 'paid'],
  ['Rejected', 'rejected'],
  ['Reclaimed', 'reclaimed'],
  ['Released', 'released'],
]

// How far along a replica is; a slashed or released replica never hides one that is accepted.
const PROGRESS: Record<string, number> = {
  Assigned: 1,
  Committed: 2,
  Revealed: 3,
  Submitted: 3,
  Challenged: 4,
  Accepted: 5,
  Settled: 6,
}
const rank = (status: string) => PROGRESS[status] ?? 0

/**
 * Where each task stands: the status of its newest assignment (a reclaimed range is reassigned
 * later). A challenge names one task: `challengedTasks` (assignment id -> the task its open
 * challenge names) keeps 'Challenged' on that task, and the rest of a challenged assignment's
 * range shows as submitted.
 */
export function taskStatuses<A extends TaskAssignment>(
  taskCount: number,
  assignments: A[],
  challengedTasks?: ReadonlyMap<string, number>,
): { status: string; assignment?: A }[] {
  const tasks: { status: string; assignment?: A }[] = Array.from({ length: taskCount }, () => ({ status: 'Unassigned' }))
  for (const a of [...assignments].sort((x, y) => (x.id < y.id ? -1 : 1))) {
    for (let t = a.firstTask; t < a.firstTask + a.taskCount && t < taskCount; t++) {
      const current = tasks[t].assignment
      // Replicated: the r replicas of a group share the range; the one furthest along shows.
      if (!current || current.groupId === null || a.groupId !== current.groupId || rank(a.status) > rank(current.status)) {
        const named = challengedTasks?.get(a.id.toString())
        const status = a.status === 'Challenged' && named !== undefined && named !== t ? 'Submitted' : a.status
        tasks[t] = { status, assignment: a }
      }
    }
  }
  return tasks
}
