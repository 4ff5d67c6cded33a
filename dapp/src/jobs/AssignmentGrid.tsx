import { type TaskWork, taskProgress } from './taskProgress'
import { TASK_STATUSES, taskStatuses } from './taskStatuses'
import type { LiveStatus } from './useExecutorProgress'
import type { IndexedAssignment } from './useJob'

// Words for the executors' own reports in the legend (the chain's statuses come from TASK_STATUSES).
const WORK_WORDS: [TaskWork['state'], string][] = [
  ['running', 'running'],
  ['computed', 'computed'],
  ['uploading', 'uploading'],
  ['submitting', 'sending result'],
  ['failed', 'failed on the node'],
]

/**
 * One cell per task, coloured by its assignment's status, filling in as executors work (the
 * indexer follows the chain: assigned, committed, submitted, challenged, accepted, paid,
 * reclaimed). While an assignment runs, its executor's own report (`live`, from its /status)
 * fills its cells: a bar for the running task, full for those computed. Hover or focus a cell
 * for its assignment and executor.
 */
export function AssignmentGrid({
  taskCount,
  assignments,
  live,
  challengedTasks,
  stopped = false,
}: {
  taskCount: number
  assignments: IndexedAssignment[]
  live?: Map<string, LiveStatus>
  /** Assignment id -> the task its open challenge names (only that cell shows as challenged). */
  challengedTasks?: ReadonlyMap<string, number>
  /** The job takes no new assignments (cancelled or ended): unassigned tasks no longer wait. */
  stopped?: boolean
}) {
  const tasks = taskStatuses(taskCount, assignments, challengedTasks).map((t, i) => {
    const status = t.assignment ? live?.get(t.assignment.id.toString()) : undefined
    const work = status?.kind === 'progress' ? taskProgress(status.progress, i - (t.assignment?.firstTask ?? 0)) : undefined
    return { ...t, work }
  })
  // Each task counts once, by its chain status; the executors' reports break the assigned ones
  // down ("assigned: 12, of which running: 3, computed: 9"), since a task still assigned on-chain
  // may already be computed on its node (a report about a task past that is stale, and not counted).
  const counts = new Map<string, number>()
  for (const t of tasks) {
    counts.set(t.status, (counts.get(t.status) ?? 0) + 1)
    if (t.status === 'Assigned' && t.work && t.work.state !== 'queued')
      counts.set(`work:${t.work.state}`, (counts.get(`work:${t.work.state}`) ?? 0) + 1)
  }
  const working = WORK_WORDS.filter(([state]) => counts.has(`work:${state}`))
  return (
    <div className="form">
      <ul className="jobs-grid" aria-label="Tasks" data-testid="assignment-grid">
        {tasks.map((t, i) => {
          const percent = t.work ? Math.round(t.work.fraction * 100) : undefined
          const words =
            t.work && t.work.state !== 'queued'
              ? `${t.status}, ${t.work.state}${t.work.state === 'running' ? ` ${percent}%` : ''}`
              : t.status
          return (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: the task index is the identity.
              key={i}
              className="jobs-cell"
              data-status={t.status}
              data-work={t.work?.state}
              data-progress={percent}
              title={`Task ${i}: ${words}${t.assignment ? ` (assignment #${t.assignment.id}, ${t.assignment.executor})` : ''}`}
              aria-label={`Task ${i}: ${words}`}
            >
              {t.work && t.work.fraction > 0 && <span className="jobs-cell-fill" style={{ width: `${percent}%` }} />}
            </li>
          )
        })}
      </ul>
      <div className="jobs-legend" data-testid="grid-legend">
        {TASK_STATUSES.filter(([name]) => counts.has(name)).map(([name, words]) => (
          <span key={name}>
            <span className="jobs-cell" data-status={name} /> {name === 'Unassigned' && stopped ? 'never assigned' : words}:{' '}
            {counts.get(name)}
          </span>
        ))}
        {working.length > 0 && <span className="muted">of the assigned:</span>}
        {working.map(([state, words]) => (
          <span key={state}>
            <span className="jobs-cell" data-status="Assigned" data-work={state}>
              <span className="jobs-cell-fill" style={{ width: state === 'running' ? '50%' : '100%' }} />
            </span>{' '}
            {words}: {counts.get(`work:${state}`)}
          </span>
        ))}
      </div>
    </div>
  )
}
