import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { marketEnums } from '@neuromation/sdk'
import { StateStore } from '../state/StateStore'
import type { readContractOf } from './readContractOf'
import { revertOf } from './revertOf'

/** One own assignment not yet ended, as the chain has it. */
export type OwnAssignment = {
  assignmentId: string
  jobId: string
  tasks: number
  /** IJobMarket.AssignmentStatus by name: Assigned, Committed, Submitted, Revealed, Challenged, Accepted. */
  status: string
  /** The submission (optimistic) or commit (replicated) deadline, unix seconds. */
  deadline: bigint
  /** When a submitted optimistic result becomes final (its challenge window ends), unix seconds; null otherwise. */
  finalAt: bigint | null
}

/**
 * The node's own assignments that have not ended, read from the chain for the ids the daemon keeps
 * in its data dir (`assignments/`): among them the results waiting out their challenge window,
 * which hold ask capacity though the daemon's /status no longer lists them (their result is on the
 * chain). A record the chain does not back (another executor's, another job's) is left out, as
 * the daemon drops it. Read only: a data dir without records is not created.
 */
export async function readOwnAssignments(
  read: ReturnType<typeof readContractOf>,
  me: string,
  dataDir: string,
): Promise<OwnAssignment[]> {
  if (!existsSync(join(dataDir, 'assignments'))) return []
  const records = new StateStore(dataDir).list()
  const onChain = await Promise.all(
    records.map(
      (record) =>
        // An id the market does not know (a record of another deployment) reverts: not this node's.
        read('market', 'getAssignment', [BigInt(record.assignmentId)]).catch((error: unknown) => {
          if (revertOf(error)) return undefined
          throw error
        }) as Promise<
          | {
              jobId: bigint
              executor: string
              status: number
              firstTask: number
              taskCount: number
              deadline: bigint
              challengeEnd: bigint
            }
          | undefined
        >,
    ),
  )
  const own: OwnAssignment[] = []
  records.forEach((record, i) => {
    const a = onChain[i]
    if (a === undefined || a.executor.toLowerCase() !== me.toLowerCase() || String(a.jobId) !== record.jobId) return
    const status = marketEnums.name('assignmentStatus', a.status)
    if (status === 'None' || marketEnums.isFinalAssignment(status)) return
    own.push({
      assignmentId: record.assignmentId,
      jobId: record.jobId,
      tasks: a.taskCount,
      status,
      deadline: a.deadline,
      finalAt: status === 'Submitted' ? a.challengeEnd : null,
    })
  })
  return own.sort((a, b) => (BigInt(a.assignmentId) < BigInt(b.assignmentId) ? -1 : 1))
}
