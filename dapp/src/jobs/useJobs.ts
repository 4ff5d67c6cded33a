import { and, count, desc, eq, inArray, notInArray } from '@ponder/client'
import { useQuery } from '@tanstack/react-query'
import type { Address } from 'viem'
import { useIndexer } from '../hooks/useIndexer'
import { indexerSchema } from '../lib/indexerClient'
import { indexerRead } from '../lib/indexerRead'
import { ENDED_ASSIGNMENT_STATUSES, type PhaseAssignment } from './jobPhase'

const { job, assignment } = indexerSchema

/**
 * Newest jobs from the indexer (optionally one requester's), with the total count; polls every 3 s.
 * Each open job comes with what its phase (jobPhase) reads of its assignments, those in flight, so
 * the list's pill says what the job page's does; a terminal job needs none.
 */
export function useJobs({ requester, limit }: { requester?: Address; limit: number }) {
  const { client, indexerUrl } = useIndexer()
  // Ponder stores addresses lower-case.
  const who = requester?.toLowerCase() as Address | undefined
  return useQuery({
    queryKey: ['indexer', 'jobs', indexerUrl, who ?? 'all', limit],
    queryFn: () =>
      indexerRead(indexerUrl, async () => {
        const where = who ? eq(job.requester, who) : undefined
        const [rows, [{ total }]] = await Promise.all([
          client.db.select().from(job).where(where).orderBy(desc(job.id)).limit(limit),
          client.db.select({ total: count() }).from(job).where(where),
        ])
        const open = rows.filter((j) => j.status === 'Open').map((j) => j.id)
        const assignments =
          open.length === 0
            ? []
            : await client.db
                .select({
                  id: assignment.id,
                  jobId: assignment.jobId,
                  status: assignment.status,
                  challengeEnd: assignment.challengeEnd,
                  deadline: assignment.deadline,
                })
                .from(assignment)
                .where(and(inArray(assignment.jobId, open), notInArray(assignment.status, [...ENDED_ASSIGNMENT_STATUSES])))
        const byJob = new Map<bigint, PhaseAssignment[]>()
        for (const a of assignments) byJob.set(a.jobId, [...(byJob.get(a.jobId) ?? []), a])
        return { items: rows.map((j) => ({ ...j, assignments: byJob.get(j.id) ?? [] })), totalCount: Number(total) }
      }),
    retry: 1,
    refetchInterval: 3_000,
  })
}

export type IndexedJob = NonNullable<ReturnType<typeof useJobs>['data']>['items'][number]
