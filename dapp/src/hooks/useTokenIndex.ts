import { asc, desc, gt } from '@ponder/client'
import { useQuery } from '@tanstack/react-query'
import { indexerSchema } from '../lib/indexerClient'
import { indexerRead } from '../lib/indexerRead'
import { useIndexer } from './useIndexer'

const { burnEpoch, holder, supplyPoint, tokenStats } = indexerSchema

/**
 * Token figures from the indexer: holder count, the ten largest holders, the supply history, and
 * what stayed owed to the burn after each executed epoch (`owedAfter`, by epoch index).
 */
export function useTokenIndex() {
  const { client, indexerUrl } = useIndexer()
  return useQuery({
    queryKey: ['indexer', 'token', indexerUrl],
    queryFn: () =>
      indexerRead(indexerUrl, async () => {
        const [[stats], holders, supplyPoints, epochs] = await Promise.all([
          // A singleton table (one token): its only row.
          client.db.select().from(tokenStats).limit(1),
          client.db.select().from(holder).where(gt(holder.balance, 0n)).orderBy(desc(holder.balance)).limit(10),
          client.db
            .select({ timestamp: supplyPoint.timestamp, totalSupply: supplyPoint.totalSupply })
            .from(supplyPoint)
            .orderBy(asc(supplyPoint.timestamp), asc(supplyPoint.blockNumber), asc(supplyPoint.logIndex))
            .limit(1_000),
          client.db.select({ epoch: burnEpoch.epoch, shortfall: burnEpoch.shortfall }).from(burnEpoch),
        ])
        const owedAfter = new Map<number, bigint>()
        for (const e of epochs) if (e.shortfall !== null) owedAfter.set(e.epoch, e.shortfall)
        return { stats, holders, supplyPoints, owedAfter }
      }),
    refetchInterval: 5_000,
    retry: 1,
  })
}
