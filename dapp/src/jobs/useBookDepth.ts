import { and, asc, eq } from '@ponder/client'
import { useQuery } from '@tanstack/react-query'
import { useIndexer } from '../hooks/useIndexer'
import { indexerSchema } from '../lib/indexerClient'
import { indexerRead } from '../lib/indexerRead'

const { ask } = indexerSchema

/**
 * One price level of the GENERATE ask book: how many asks and how many task slots are free there,
 * and whose asks they are (lower-case addresses).
 */
export type BookLevel = { priceTick: number; asks: number; capacity: number; available: number; executors: string[] }

/** Asks read at most: one per executor, so this is the number of executors a page can show. */
const MAX_ASKS = 1_000

/**
 * The GENERATE ask book by price level, cheapest first, from the indexer; polls every 3 s. Asks
 * are read row by row (cheapest first) and summed per level here: one ask per executor keeps
 * that small, and plain selects are what the indexer's SQL endpoint serves everywhere.
 */
export function useBookDepth() {
  const { client, indexerUrl } = useIndexer()
  return useQuery({
    queryKey: ['indexer', 'book', indexerUrl, 'GENERATE'],
    queryFn: () =>
      indexerRead(indexerUrl, async (): Promise<BookLevel[]> => {
        const rows = await client.db
          .select({ executor: ask.executor, priceTick: ask.priceTick, capacity: ask.capacity, inFlight: ask.inFlight })
          .from(ask)
          .where(and(eq(ask.kind, 'GENERATE'), eq(ask.active, true)))
          .orderBy(asc(ask.priceTick), asc(ask.placedAt))
          .limit(MAX_ASKS)
        const levels: BookLevel[] = []
        for (const row of rows) {
          let level = levels.at(-1)
          if (level?.priceTick !== row.priceTick) {
            level = { priceTick: row.priceTick, asks: 0, capacity: 0, available: 0, executors: [] }
            levels.push(level)
          }
          level.asks += 1
          level.capacity += row.capacity
          level.available += Math.max(0, row.capacity - row.inFlight)
          level.executors.push(row.executor.toLowerCase())
        }
        return levels
      }),
    retry: 1,
    refetchInterval: 3_000,
  })
}
