/** The indexer could not answer: unreachable, an HTTP error, or GraphQL errors. */
export class IndexerError extends Error {
  override name = 'IndexerError'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}

/**
 * POSTs a GraphQL query to the Ponder indexer at `${indexerUrl}/graphql` and returns `data`.
 * Ponder returns bigint columns as decimal strings and addresses lower-case.
 */
export async function indexerQuery<T>(indexerUrl: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  let response: Response
  try {
    response = await fetch(`${indexerUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(10_000),
    })
  } catch (cause) {
    throw new IndexerError(`The indexer at ${indexerUrl} is unreachable.`, { cause })
  }
  const body = (await response.json().catch(() => undefined)) as
    | { data?: T; errors?: { message: string }[] }
    | undefined
  if (body?.errors?.length) {
    throw new IndexerError(`The indexer rejected a query: ${body.errors.map((e) => e.message).join('; ')}`)
  }
  if (!response.ok || !body?.data) {
    throw new IndexerError(`The indexer at ${indexerUrl} answered HTTP ${response.status}.`)
  }
  return body.data
}
