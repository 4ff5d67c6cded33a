import { useQuery } from '@tanstack/react-query'
import { indexerSchema } from '../lib/indexerClient'
import { indexerRead } from '../lib/indexerRead'
import { useIndexer } from './useIndexer'

const { saleStats } = indexerSchema

/**
 * The sale's indexed lifecycle row: when it was finalized (the finalize transaction's block
 * time), when the secret cap was revealed. Fetched once `enabled`, refreshed every 10 s.
 */
export function useSaleIndex(enabled: boolean) {
  const { client, indexerUrl } = useIndexer()
  return useQuery({
    queryKey: ['indexer', 'sale', indexerUrl],
    enabled,
    queryFn: () =>
      indexerRead(indexerUrl, async () => {
        const [row] = await client.db
          .select({ finalizedAt: saleStats.finalizedAt, capRevealedAt: saleStats.capRevealedAt })
          .from(saleStats)
          // A singleton table (one TokenSale): its only row, whatever the indexer calls its id.
          .limit(1)
        return row ?? null
      }),
    refetchInterval: 10_000,
    retry: 1,
  })
}
