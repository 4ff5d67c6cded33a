import { asc, desc, eq, sql } from '@ponder/client'
import { useQuery } from '@tanstack/react-query'
import { useIndexer } from '../../hooks/useIndexer'
import { indexerSchema } from '../../lib/indexerClient'
import { indexerRead } from '../../lib/indexerRead'

const { executor } = indexerSchema

/** How the leaderboard can be ordered (best first). */
export const leaderboardSorts = {
  stake: { label: 'Stake', order: [desc(executor.stake)] },
  earnings: { label: 'Earnings', order: [desc(executor.earnings)] },
  completed: { label: 'Tasks completed', order: [desc(executor.tasksCompleted)] },
  price: { label: 'Ask price', order: [sql`${executor.askPriceTick} asc nulls last`] },
  throughput: { label: 'Throughput', order: [sql`${executor.computeUnitsPerSecond} desc nulls last`] },
} as const
export type LeaderboardSort = keyof typeof leaderboardSorts

/** Registered executors from the indexer, best first by `sort` (at most 100). */
export function useLeaderboard(sort: LeaderboardSort) {
  const { client, indexerUrl } = useIndexer()
  return useQuery({
    queryKey: ['indexer', 'executors', indexerUrl, sort],
    queryFn: () =>
      indexerRead(indexerUrl, () =>
        client.db
          .select()
          .from(executor)
          .where(eq(executor.registered, true))
          .orderBy(...leaderboardSorts[sort].order, asc(executor.address))
          .limit(100),
      ),
    refetchInterval: 5_000,
    retry: 1,
  })
}

export type LeaderboardRow = NonNullable<ReturnType<typeof useLeaderboard>['data']>[number]
