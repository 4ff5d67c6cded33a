// The PostgreSQL client class of the API process (`ponder serve`, as the read-only role), given to
// Ponder through poolConfig.Client. It replaces Ponder's read-only client for two reasons:
// - Ponder retries a failed query up to 9 times with exponential backoff (about 80 s in all)
//   unless it classifies the error as non-retryable; a query cancelled at the statement timeout is
//   retryable to it, so one hostile request would cost ten timeouts of database time and answer
//   after more than a minute. Ponder 0.16 (pinned) classifies by message: an error whose message
//   says "does not exist" is not retried. Cancelled queries are re-thrown with such a message, so
//   they fail once, at once; the test suite checks that the answer comes within seconds.
// - Ponder's client sets work_mem = 512MB per connection; the API keeps the server's default so a
//   few hostile sorts cannot take gigabytes.
import pg from 'pg'

/** SQLSTATE 57014 query_canceled: the statement timeout (or a cancel request) stopped the query. */
const QUERY_CANCELED = '57014'

export type ApiPgClientOptions = { schema: string; statementTimeoutMs: number }

export function createApiPgClient({ schema, statementTimeoutMs }: ApiPgClientOptions): typeof pg.Client {
  const setup = `SET search_path = "${schema}"; SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY; SET lock_timeout = '500ms';`

  const translate = (error: unknown): unknown => {
    if ((error as { code?: string } | null)?.code !== QUERY_CANCELED) return error
    const cancelled = new Error(
      `canceling statement due to statement timeout (${statementTimeoutMs} ms): an answer within the API's time limit does not exist for this query; narrow it with WHERE and LIMIT`,
      { cause: error },
    )
    return Object.assign(cancelled, { code: QUERY_CANCELED })
  }

  class ApiPgClient extends pg.Client {
    // pg.Pool connects with a callback; drizzle and Ponder may also await it.
    // @ts-expect-error: both overloads of connect() in one implementation.
    override connect(callback?: (error: Error | undefined) => void): void | Promise<void> {
      if (callback) {
        super.connect((error: Error | undefined) => {
          if (error) return callback(error)
          super.query(setup, (setupError: Error | null) => callback(setupError ?? undefined))
        })
        return
      }
      return super.connect().then(() => super.query(setup).then(() => undefined))
    }

    // @ts-expect-error: every overload of query() passes through here.
    override query(...args: unknown[]): unknown {
      const last = args.at(-1)
      if (typeof last === 'function') {
        const callback = last as (error: unknown, result: unknown) => void
        args[args.length - 1] = (error: unknown, result: unknown) => callback(error ? translate(error) : error, result)
        return (super.query as (...a: unknown[]) => unknown)(...args)
      }
      const result = (super.query as (...a: unknown[]) => unknown)(...args)
      // A promise (plain query) is translated; a submittable (cursor, stream) is returned as is.
      if (result instanceof Promise) return result.catch((error: unknown) => Promise.reject(translate(error)))
      return result
    }
  }

  // Its connect() also takes the callback form pg.Pool uses, which the declared type omits.
  return ApiPgClient as unknown as typeof pg.Client
}
