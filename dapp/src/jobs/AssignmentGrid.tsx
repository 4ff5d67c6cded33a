import { TASK_STATUSES, taskStatuses } from './taskStatuses'
import type { IndexedAssignment } from './useJob'

/**
 * One cell per task, coloured by its assignment's status, filling in as executors work (the
 * indexer follows the chain: assigned, committed, submitted, challenged, accepted, paid,
 * reclaimed). Hover or focus a cell for its assignment and executor.
 */
export function AssignmentGrid({ taskCount, assignments }: { taskCount: number; assignments: IndexedAssignment[] }) {
  const tasks = taskStatuses(taskCount, assignments)
  const counts = new Map<string, number>()
  for (const t of tasks) counts.set(t.status, (counts.get(t.status) ?? 0) + 1)
  return (
    <div className="form">
      <ul className="jobs-grid" aria-label="Tasks" data-testid="assignment-grid">
        {tasks.map((t, i) => (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: the task index is the identity.
            key={i}
            className="jobs-cell"
            data-status={t.status}
            title={`Task ${i}: ${t.status}${t.assignment ? ` (assignment #${t.assignment.id}, ${t.assignment.executor})` : ''}`}
            aria-label={`Task ${i}: ${t.status}`}
          />
        ))}
      </ul>
      <div className="jobs-legend" data-testid="grid-legend">
        {TASK_STATUSES.filter(([name]) => counts.has(name)).map(([name, words]) => (
          <span key={name}>
            <span className="jobs-cell" data-status={name} /> {words}: {counts.get(name)}
          </span>
        ))}
      </div>
    </div>
  )
}
