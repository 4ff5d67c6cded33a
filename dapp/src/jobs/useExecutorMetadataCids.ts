import { inArray } from '@ponder/client'
import { useQuery } from '@tanstack/react-query'
import { useIndexer } from '../hooks/useIndexer'
import { indexerSchema } from '../lib/indexerClient'
import { indexerRead } from '../lib/indexerRead'

const { executor } = indexerSchema

/**
 * The registry metadata CIDs of the executors at `nodes` (lower-case addresses, sorted so the
 * query key is stable), from the indexer. One query key for every caller: the job page's names
 * and its live progress share one request.
 */
export function useExecutorMetadataCids(nodes: readonly `0x${string}`[]) {
  const { client, indexerUrl } = useIndexer()
  return useQuery({
    queryKey: ['indexer', 'executor-metadata', indexerUrl, nodes],
    queryFn: () =>
      indexerRead(indexerUrl, () =>
        client.db
          .select({ address: executor.address, metadataCid: executor.metadataCid })
          .from(executor)
          .where(inArray(executor.address, [...nodes])),
      ),
    enabled: nodes.length > 0,
    staleTime: 30_000,
    retry: 1,
  })
}
