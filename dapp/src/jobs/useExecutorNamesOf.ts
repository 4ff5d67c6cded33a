import { useExecutorMetadataCids } from './useExecutorMetadataCids'
import { type ExecutorName, useExecutorNames } from './useExecutorNames'

/**
 * The metadata names of the executors at `addresses` (a job's assignments), keyed by lower-case
 * address: their metadata CIDs from the indexer, each document read and checked by
 * useExecutorNames. A failure leaves a row unnamed, never the page in error.
 */
export function useExecutorNamesOf(addresses: readonly string[]): Map<string, ExecutorName> {
  const nodes = [...new Set(addresses.map((a) => a.toLowerCase() as `0x${string}`))].sort()
  const rows = useExecutorMetadataCids(nodes)
  return useExecutorNames(rows.data ?? [])
}
