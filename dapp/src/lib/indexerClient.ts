import * as schema from '@neuromation/indexer/schema'
import { createClient } from '@ponder/client'

/**
 * The indexer's SQL-over-HTTP client (@ponder/client) typed by the indexer's own schema
 * (`@neuromation/indexer/schema`): queries are drizzle expressions over its tables, and rows come
 * back with the column types (bigint amounts, hex addresses), so a renamed or retyped column
 * fails the type check here instead of drifting from a hand-written query string.
 */
export function indexerClient(indexerUrl: string) {
  return createClient(`${indexerUrl}/sql`, { schema })
}

export type IndexerClient = ReturnType<typeof indexerClient>
export { schema as indexerSchema }
