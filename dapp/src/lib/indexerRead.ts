import { IndexerError } from './IndexerError'

/**
 * Runs one read against the indexer and words its failure for the page: unreachable (the fetch
 * itself failed) or refused (the indexer answered with an error). The query is typed by the
 * indexer's schema (see indexerClient); this only adds the message.
 */
export async function indexerRead<T>(indexerUrl: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read()
  } catch (cause) {
    if (cause instanceof TypeError) throw new IndexerError(`The indexer at ${indexerUrl} is unreachable.`, { cause })
    const detail = cause instanceof Error ? cause.message : String(cause)
    throw new IndexerError(`The indexer at ${indexerUrl} refused a query: ${detail}`, { cause })
  }
}
