import { count, desc, eq } from '@ponder/client'
import { useQuery } from '@tanstack/react-query'
import type { Address } from 'viem'
import { indexerSchema } from '../lib/indexerClient'
import { indexerRead } from '../lib/indexerRead'
import { useIndexer } from './useIndexer'

const { purchase } = indexerSchema

/**
 * Newest purchases from the indexer, optionally for one beneficiary, with the total count.
 * While `awaitTx` is set (a purchase just confirmed), it polls every second until the indexer has
 * caught up with that transaction; otherwise every 10 s.
 */
export function usePurchases({ beneficiary, limit, awaitTx }: { beneficiary?: Address; limit: number; awaitTx?: string }) {
  const { client, indexerUrl } = useIndexer()
  // Ponder stores addresses lower-case.
  const who = beneficiary?.toLowerCase() as Address | undefined
  return useQuery({
    queryKey: ['indexer', 'purchases', indexerUrl, who ?? 'all', limit],
    queryFn: () =>
      indexerRead(indexerUrl, async () => {
        const where = who ? eq(purchase.beneficiary, who) : undefined
        const [items, [{ total }]] = await Promise.all([
          client.db.select().from(purchase).where(where).orderBy(desc(purchase.timestamp), desc(purchase.logIndex)).limit(limit),
          client.db.select({ total: count() }).from(purchase).where(where),
        ])
        return { items, totalCount: Number(total) }
      }),
    // One retry: an unreachable indexer should show as such within seconds; polling retries anyway.
    retry: 1,
    refetchInterval: (q) => {
      const seen = q.state.data?.items.some((p) => p.txHash.toLowerCase() === awaitTx?.toLowerCase())
      return awaitTx && !seen ? 1_000 : 10_000
    },
  })
}

export type IndexedPurchase = NonNullable<ReturnType<typeof usePurchases>['data']>['items'][number]
