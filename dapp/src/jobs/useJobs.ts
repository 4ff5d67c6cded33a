import { count, desc, eq } from '@ponder/client'
import { useQuery } from '@tanstack/react-query'
import type { Address } from 'viem'
import { useIndexer } from '../hooks/useIndexer'
import { indexerSchema } from '../lib/indexerClient'
import { indexerRead } from '../lib/indexerRead'

const { job } = indexerSchema

/** Newest jobs from the indexer (optionally one requester's), with the total count; polls every 3 s. */
export function useJobs({ requester, limit }: { requester?: Address; limit: number }) {
  const { client, indexerUrl } = useIndexer()
  // Ponder stores addresses lower-case.
  const who = requester?.toLowerCase() as Address | undefined
  return useQuery({
    queryKey: ['indexer', 'jobs', indexerUrl, who ?? 'all', limit],
    queryFn: () =>
      indexerRead(indexerUrl, async () => {
        const where = who ? eq(job.requester, who) : undefined
        const [items, [{ total }]] = await Promise.all([
          client.db.select().from(job).where(where).orderBy(desc(job.id)).limit(limit),
          client.db.select({ total: count() }).from(job).where(where),
        ])
        return { items, totalCount: Number(total) }
      }),
    retry: 1,
    refetchInterval: 3_000,
  })
}

export type IndexedJob = NonNullable<ReturnType<typeof useJobs>['data']>['items'][number]
