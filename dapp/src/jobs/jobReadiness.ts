/** What of a job and its assignments the settle and finalize buttons look at (indexer rows have these). */
export type ReadinessJob = {
  status: string
  openAssignments: number
  tasksUnassigned: number
  cancelled: boolean
  deadline: bigint
  verification: string
}
export type ReadinessAssignment = { id: bigint; status: string; challengeEnd: bigint | null; deadline: bigint }

/**
 * Which assignments `settle` would pay now, and whether `finalizeJob` would pass, by the rules of
 * JobMarket (Settlement.sol): an assignment is final once accepted (replicated) or once its
 * optimistic challenge window ended unchallenged; a job finalizes when nothing is in flight and
 * every task is assigned, or it was cancelled, or its deadline passed. An optimistic assignment
 * still without a result past its deadline is reclaimable (its tasks go back to the book for
 * another executor; replicated groups end through their own deadlines instead). Every call is
 * permissionless, so the page offers them to anyone; the chain has the last word (a race only
 * makes `settle` skip an assignment, or `finalizeJob` or `reclaim` revert with its reason).
 */
export function jobReadiness(
  job: ReadinessJob,
  assignments: ReadinessAssignment[],
  now: number,
): { settleable: bigint[]; reclaimable: bigint[]; finalizable: boolean; finalizeBlocker: string | undefined } {
  const settleable = assignments
    .filter(
      (a) => a.status === 'Accepted' || (a.status === 'Submitted' && a.challengeEnd !== null && Number(a.challengeEnd) < now),
    )
    .map((a) => a.id)
  const reclaimable =
    job.verification === 'OPTIMISTIC'
      ? assignments.filter((a) => a.status === 'Assigned' && now > Number(a.deadline)).map((a) => a.id)
      : []
  let finalizeBlocker: string | undefined
  if (job.status !== 'Open') finalizeBlocker = `the job is ${job.status.toLowerCase()}`
  else if (job.openAssignments > 0)
    finalizeBlocker = `${job.openAssignments} assignment${job.openAssignments === 1 ? ' is' : 's are'} still in flight`
  else if (job.tasksUnassigned > 0 && !job.cancelled && now <= Number(job.deadline))
    finalizeBlocker = `${job.tasksUnassigned} task${job.tasksUnassigned === 1 ? ' waits' : 's wait'} for executors until the deadline`
  return { settleable, reclaimable, finalizable: finalizeBlocker === undefined, finalizeBlocker }
}
