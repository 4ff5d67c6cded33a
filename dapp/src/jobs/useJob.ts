import { asc, eq } from '@ponder/client'
import { useQuery } from '@tanstack/react-query'
import { useIndexer } from '../hooks/useIndexer'
import { indexerSchema } from '../lib/indexerClient'
import { indexerRead } from '../lib/indexerRead'

const { job, assignment, challenge, challengeVote, jobExclusion } = indexerSchema

/**
 * One job with its assignments (task order), challenges and their verifier candidates (commit
 * order, each with its status), and the executors excluded from it, from the indexer. Polls every 2 s
 * while the job is open (the grid fills in as executors work), every 15 s once it is terminal.
 */
export function useJob(jobId: bigint | undefined) {
  const { client, indexerUrl } = useIndexer()
  return useQuery({
    queryKey: ['indexer', 'job', indexerUrl, jobId?.toString()],
    queryFn: () =>
      indexerRead(indexerUrl, async () => {
        const [[row], assignments, challenges, verifiers, exclusions] = await Promise.all([
          client.db.select().from(job).where(eq(job.id, jobId!)),
          client.db
            .select()
            .from(assignment)
            .where(eq(assignment.jobId, jobId!))
            .orderBy(asc(assignment.firstTask), asc(assignment.id)),
          client.db.select().from(challenge).where(eq(challenge.jobId, jobId!)).orderBy(asc(challenge.id)),
          client.db
            .select()
            .from(challengeVote)
            .where(eq(challengeVote.jobId, jobId!))
            .orderBy(asc(challengeVote.challengeId), asc(challengeVote.committedAt), asc(challengeVote.verifier)),
          client.db
            .select()
            .from(jobExclusion)
            .where(eq(jobExclusion.jobId, jobId!))
            .orderBy(asc(jobExclusion.excludedAt), asc(jobExclusion.executor)),
        ])
        return { job: row, assignments, challenges, verifiers, exclusions }
      }),
    enabled: jobId !== undefined,
    retry: 1,
    refetchInterval: (query) => (query.state.data?.job && query.state.data.job.status !== 'Open' ? 15_000 : 2_000),
  })
}

export type JobDetail = NonNullable<ReturnType<typeof useJob>['data']>
export type IndexedAssignment = JobDetail['assignments'][number]
export type IndexedChallenge = JobDetail['challenges'][number]
export type IndexedVerifier = JobDetail['verifiers'][number]
