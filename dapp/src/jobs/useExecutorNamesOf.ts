import { inArray } from '@ponder/client'
import { useQuery } from '@tanstack/react-query'
import { useIndexer } from '../hooks/useIndexer'
import { indexerSchema } from '../lib/indexerClient'
import { indexerRead } from '../lib/indexerRead'
import { type ExecutorName, useExecutorNames } from './useExecutorNames'

const { executor } = indexerSchema

/**
 * The metadata names of the executors at `addresses` (a job's assignments), keyed by lower-case
 * address: their metadata CIDs from the indexer, each document read and checked by
 * useExecutorNames. A failure leaves a row unnamed, never the page in error.
 */
export function useExecutorNamesOf(addresses: readonly string[]): Map<string, ExecutorName> {
  const { client, indexerUrl } = useIndexer()
  const nodes = [...new Set(addresses.map((a) => a.toLowerCase() as `0x${string}`))].sort()
  const rows = useQuery({
    queryKey: ['indexer', 'executor-metadata', indexerUrl, nodes],
    queryFn: () =>
      indexerRead(indexerUrl, () =>
        client.db
          .select({ address: executor.address, metadataCid: executor.metadataCid })
          .from(executor)
          .where(inArray(executor.address, nodes)),
      ),
    enabled: nodes.length > 0,
    staleTime: 30_000,
    retry: 1,
  })
  return useExecutorNames(rows.data ?? [])
}
