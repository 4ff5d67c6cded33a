import { formatAgo, formatDateTime, formatDuration } from '../lib/format'
import type { JobPhase } from './jobPhase'

/**
 * A job's deadline (after it no assignment is made, and unassigned tasks are refunded at
 * finalize) for its page: a countdown only while it can still stop something; once the job is
 * done, cancelled or closed (`phase.deadlineMoot`) the date alone, saying why it no longer
 * applies, so a finished job never seems to be running out of time; past it, how long ago.
 */
export function describeDeadline(
  job: { deadline: bigint; tasksUnassigned: number },
  phase: Pick<JobPhase, 'deadlineMoot'>,
  now: number | undefined,
): { value: string; hint: string | undefined } {
  const date = formatDateTime(job.deadline)
  if (phase.deadlineMoot !== undefined) return { value: date, hint: `no longer applies: ${phase.deadlineMoot}` }
  if (now === undefined) return { value: date, hint: undefined }
  const deadline = Number(job.deadline)
  if (now <= deadline) return { value: `in ${formatDuration(deadline - now)}`, hint: date }
  const unassigned = job.tasksUnassigned
  return {
    value: `passed ${formatAgo(deadline, now)}`,
    hint:
      unassigned > 0
        ? `${date} · ${unassigned} unassigned task${unassigned === 1 ? ' is' : 's are'} refunded when the job is finalized`
        : date,
  }
}
