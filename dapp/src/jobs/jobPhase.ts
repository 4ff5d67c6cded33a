import { formatDateTime } from '../lib/format'
import { formatCost } from './formatCost'
import { jobReadiness, type ReadinessAssignment, type ReadinessJob } from './jobReadiness'

/** What of a job its phase reads (an indexer job row has these columns). */
export type PhaseJob = ReadinessJob & { taskCount: number; tasksAccepted: number; escrow: bigint }
/** What of an assignment its phase reads (an indexer assignment row has these columns). */
export type PhaseAssignment = ReadinessAssignment

/** Where a job stands, for the requester: a short label for its pill and a sentence of what it means. */
export type JobPhase = {
  label: string
  tone: 'success' | 'warning' | 'info' | 'neutral'
  title: string
  /** Why the job's deadline no longer matters (nothing is left for it to stop); undefined while it does. */
  deadlineMoot: string | undefined
}

/** Assignments whose executors are still computing (replicated: committed, not yet revealed). */
const WORKING = new Set(['Assigned', 'Committed'])
/**
 * Assignments that have ended (paid, or their tasks reopened or refunded): a job's phase reads only
 * the others, so a list may load just those (their number is bounded by the executors' capacity,
 * an ended job's history is not).
 */
export const ENDED_ASSIGNMENT_STATUSES = ['Settled', 'Rejected', 'Reclaimed', 'Released'] as const
const ENDED = new Set<string>(ENDED_ASSIGNMENT_STATUSES)

const tasks = (n: number) => `${n} task${n === 1 ? '' : 's'}`

/**
 * A job's phase, derived from its indexer row and its assignments. The chain says Open from
 * posting until someone calls finalizeJob, which hides what a requester wants to know: whether
 * tasks still wait for executors (Open), executors are computing (Running), every result sits in
 * its challenge window or its replicas' vote (In review), a result is challenged, the results are
 * final and only wait for `settle` to pay the executors, or everything is paid and finalizing
 * would close the job and refund what is left of the escrow. The rules of settle and finalize are
 * jobReadiness's; `now` (the chain's clock) undefined reads as "no window or deadline passed yet".
 */
export function jobPhase(job: PhaseJob, assignments: PhaseAssignment[], now: number | undefined): JobPhase {
  switch (job.status) {
    case 'Completed':
      return {
        label: 'Completed',
        tone: 'success',
        title: 'Every task was accepted and paid, and the job is closed.',
        deadlineMoot: 'the job is completed',
      }
    case 'Expired':
      return {
        label: 'Expired',
        tone: 'neutral',
        title: 'The deadline passed with tasks undone; the unspent escrow went back to the requester.',
        deadlineMoot: 'the job is expired',
      }
    case 'Cancelled':
      return {
        label: 'Cancelled',
        tone: 'neutral',
        title: 'The requester cancelled the job; the unspent escrow went back to the requester.',
        deadlineMoot: 'the job is cancelled',
      }
    case 'Open':
      break
    default:
      return { label: job.status, tone: 'neutral', title: job.status, deadlineMoot: undefined }
  }

  const { settleable, finalizable } = jobReadiness(job, assignments, now ?? 0)
  const pastDeadline = now !== undefined && now > Number(job.deadline)
  const refund = job.escrow > 0n ? ` and credits the requester with the ${formatCost(job.escrow)} of escrow left` : ''
  if (finalizable) {
    const action = `finalize${job.escrow > 0n ? ' for refund' : ' to close'}`
    const finalize = `finalizing the job (anyone can, from its page) closes it${refund}.`
    if (job.tasksAccepted >= job.taskCount) {
      return {
        label: `Done · ${action}`,
        tone: 'success',
        title: `Every task is accepted and its executor paid: ${finalize}`,
        deadlineMoot: 'every task is done',
      }
    }
    if (job.cancelled) {
      return {
        label: `Cancelled · ${action}`,
        tone: 'neutral',
        title: `The requester cancelled the job and nothing is in flight: ${finalize}`,
        deadlineMoot: 'the job was cancelled',
      }
    }
    return {
      label: `Expired · ${action}`,
      tone: 'neutral',
      title: `${pastDeadline ? 'The deadline passed' : 'The job stopped'} with ${tasks(job.taskCount - job.tasksAccepted)} undone and nothing in flight: ${finalize}`,
      deadlineMoot: pastDeadline ? undefined : 'no task is left to assign',
    }
  }

  const inFlight = assignments.filter((a) => !ENDED.has(a.status))
  const working = inFlight.filter((a) => WORKING.has(a.status)).length
  if (job.cancelled) {
    return {
      label: 'Cancelled · finishing',
      tone: 'neutral',
      title: `The requester cancelled the job: no new assignments. The ${job.openAssignments === 1 ? 'assignment' : `${job.openAssignments} assignments`} in flight run to their end and are paid; then the job can be finalized.`,
      deadlineMoot: 'the job was cancelled',
    }
  }
  if (job.tasksUnassigned > 0 && !pastDeadline) {
    return {
      label: 'Open',
      tone: 'warning',
      title: `${tasks(job.tasksUnassigned)} ${job.tasksUnassigned === 1 ? 'waits' : 'wait'} for an executor at or under the job's max price${working > 0 ? `; ${working === 1 ? 'an executor is' : 'executors are'} computing the rest` : ''}.`,
      deadlineMoot: undefined,
    }
  }
  // No row in flight while the job counts some: the indexer is mid-update; call it running.
  if (working > 0 || inFlight.length === 0) {
    return {
      label: 'Running',
      tone: 'info',
      title: `${job.tasksUnassigned === 0 ? 'Every task is assigned: ' : `The deadline passed with ${tasks(job.tasksUnassigned)} never assigned (refunded at finalize): `}${working === 1 ? 'an executor is' : 'executors are'} computing ${working === 1 ? 'its' : 'their'} results.`,
      deadlineMoot: undefined,
    }
  }
  if (inFlight.some((a) => a.status === 'Challenged')) {
    return {
      label: 'Challenged',
      tone: 'warning',
      title:
        'A result is challenged: its executor must prove it and verifiers recompute it; a disproved result goes back to the book.',
      deadlineMoot: undefined,
    }
  }
  if (inFlight.every((a) => settleable.includes(a.id))) {
    return {
      label: 'Ready to settle',
      tone: 'success',
      title: "Every result is final: settling (anyone can, from the job's page) pays the executors.",
      deadlineMoot: undefined,
    }
  }
  // The last challenge window to end: then every unchallenged result is final.
  const windowsEnd = inFlight
    .filter((a) => a.status === 'Submitted' && a.challengeEnd !== null)
    .reduce((last, a) => Math.max(last, Number(a.challengeEnd)), 0)
  return {
    label: 'In review',
    tone: 'info',
    title:
      windowsEnd > 0
        ? `Every task has a result in its challenge window: anyone may challenge a task until ${formatDateTime(windowsEnd)}; then the results are final and the executors can be paid.`
        : "Every task has a result: the replicas' results are compared, and the majority's is accepted and paid.",
    deadlineMoot: undefined,
  }
}
