import { and, eq, inArray, lte } from '@ponder/client'
import { useQuery } from '@tanstack/react-query'
import { useIndexer } from '../hooks/useIndexer'
import { indexerSchema } from '../lib/indexerClient'
import { indexerRead } from '../lib/indexerRead'

const { ask } = indexerSchema

/**
 * How many asks in the GENERATE book at or under a job's max price belong to executors the market
 * excluded from that job (`excluded`: lower-case addresses, sorted): they look like supply in the
 * book but never take its tasks, which is why such a job can keep resting. Polls with the book.
 */
export function useExcludedAsks(maxPriceTick: number, excluded: readonly `0x${string}`[]) {
  const { client, indexerUrl } = useIndexer()
  return useQuery({
    queryKey: ['indexer', 'excluded-asks', indexerUrl, maxPriceTick, excluded],
    queryFn: () =>
      indexerRead(indexerUrl, async () => {
        const rows = await client.db
          .select({ executor: ask.executor })
          .from(ask)
          .where(
            and(
              eq(ask.kind, 'GENERATE'),
              eq(ask.active, true),
              lte(ask.priceTick, maxPriceTick),
              inArray(ask.executor, [...excluded]),
            ),
          )
        return rows.length
      }),
    enabled: excluded.length > 0,
    retry: 1,
    refetchInterval: 3_000,
  })
}
