import { asc, desc, gt } from '@ponder/client'
import { useQuery } from '@tanstack/react-query'
import { indexerSchema } from '../lib/indexerClient'
import { indexerRead } from '../lib/indexerRead'
import { useIndexer } from './useIndexer'

const { holder, supplyPoint, tokenStats } = indexerSchema

/** Token figures from the indexer: holder count, the ten largest holders, and the supply history. */
export function useTokenIndex() {
  const { client, indexerUrl } = useIndexer()
  return useQuery({
    queryKey: ['indexer', 'token', indexerUrl],
    queryFn: () =>
      indexerRead(indexerUrl, async () => {
        const [[stats], holders, supplyPoints] = await Promise.all([
          // A singleton table (one token): its only row.
          client.db.select().from(tokenStats).limit(1),
          client.db.select().from(holder).where(gt(holder.balance, 0n)).orderBy(desc(holder.balance)).limit(10),
          client.db
            .select({ timestamp: supplyPoint.timestamp, totalSupply: supplyPoint.totalSupply })
            .from(supplyPoint)
            .orderBy(asc(supplyPoint.timestamp), asc(supplyPoint.blockNumber), asc(supplyPoint.logIndex))
            .limit(1_000),
        ])
        return { stats, holders, supplyPoints }
      }),
    refetchInterval: 5_000,
    retry: 1,
  })
}
