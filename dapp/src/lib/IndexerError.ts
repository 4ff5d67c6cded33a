/** The indexer could not answer: unreachable, an HTTP error, or a refused query. */
export class IndexerError extends Error {
  override name = 'IndexerError'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}
