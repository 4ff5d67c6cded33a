// SQL over HTTP (/sql/db and /sql/live, read by @ponder/client) answers a client's mistakes as
// client errors. Ponder's client() middleware (ponder 0.16.10, pinned) decodes the `sql` parameter
// with superjson outside any try, so a parameter that is not superjson throws: Ponder's server logs
// a stack trace and answers 500 naming a file of its own. A statement its validator refuses (DDL,
// writes, functions outside its list, other schemas) is answered 500 too, as is one the statement
// timeout cancelled. So, before Ponder, the parameter must decode as Ponder decodes it (with
// superjson, as @ponder/client encodes it), and after it the
// validator's refusals, the timeout and PostgreSQL's errors about the statement itself (an unknown
// column) become 400 with a JSON `{ error, accepts }`. Anything else (the database unreachable, a
// bug) stays a 500.
import { quoteInput } from '@neuromation/runtime'
import type { Context, MiddlewareHandler } from 'hono'
import superjson from 'superjson'

export type SqlRequestGuardOptions = {
  /** The statement timeout of the API's database role, named in the cancellation message. */
  statementTimeoutMs: number
}

/** What the endpoint takes, sent with every refusal. */
export const SQL_ACCEPTS =
  'One read-only SELECT over the indexer\'s tables (no schema names, no writes or DDL, only the functions Ponder allows), sent as @ponder/client sends it: GET /sql/db?sql=<superjson of {"sql": "select ... where address = $1", "params": ["0x..."]}>, e.g. ?sql={"json":{"sql":"select count(*) from purchase","params":[]}} URL-encoded.'

/** Ponder parses at most this many characters of SQL ("Invalid query" beyond). */
const MAX_SQL_CHARS = 5_000

const isJson = (text: string) => {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * What is wrong with the `sql` parameter, or undefined when it decodes as Ponder decodes it
 * (superjson, the same package and major version) to `{ sql: string, params: [...] }`: whatever
 * superjson would throw on inside Ponder is refused here, and whatever @ponder/client sends passes.
 */
export function checkSqlParameter(raw: string | undefined): string | undefined {
  if (raw === undefined) return 'The "sql" query parameter is missing.'
  let document: unknown
  try {
    document = superjson.parse(raw)
  } catch (error) {
    // Told apart only on this error path, so a good request is parsed once (BigInt("abc") inside
    // superjson is a SyntaxError too, so the error's type cannot say it).
    if (!isJson(raw)) {
      return `The "sql" parameter is not JSON (it starts ${quoteInput(raw)}): send the superjson document @ponder/client sends, not bare SQL.`
    }
    return `The "sql" parameter is not a superjson document (${quoteInput(error instanceof Error ? error.message : String(error))}): send what @ponder/client sends.`
  }
  if (!isObject(document)) return 'The "sql" parameter is JSON but not a superjson document: the query belongs under "json".'
  const { sql, params } = document
  if (typeof sql !== 'string') return 'The "sql" parameter has no statement: "json.sql" must be a string.'
  if (!Array.isArray(params))
    return 'The "sql" parameter has no parameter list: "json.params" must be an array (empty when unused).'
  if (sql.length > MAX_SQL_CHARS) return `The statement has ${sql.length} characters; Ponder reads at most ${MAX_SQL_CHARS}.`
  return undefined
}

/** Why Ponder's validator refused the statement, for people; undefined for any other message. */
function refusal(message: string): string | undefined {
  // Ponder's own messages (src/utils/sql-parse.ts): "Invalid query", "Invalid CTE", "DropStmt not
  // supported", "Function call not supported", "Schema name not supported", ...
  if (/^[A-Z][A-Za-z]*Stmt not supported$/.test(message)) {
    return `Only a SELECT is accepted: the endpoint is read-only (Ponder: "${message}").`
  }
  // Ponder remembers each statement it refused and answers it again with no detail.
  if (message === 'Invalid query') {
    return "Ponder's SQL endpoint refused the statement (Invalid query: empty, or refused before, when Ponder gave the reason)."
  }
  if (/^(Invalid CTE|[A-Z][A-Za-z]*( [A-Za-z]+)* not supported)$/.test(message)) {
    return `Ponder's SQL endpoint refused the statement: ${message}.`
  }
  // PostgreSQL's parser (pg-query-emscripten), which Ponder runs first, reports a syntax error as
  // an object, and Ponder wraps it in an Error as is: its message is "[object Object]". Read its
  // text too, should a later Ponder pass it on ("syntax error at or near ...", "... at end of
  // input"). A statement that reached the database has parsed already and never fails this way.
  if (message === '[object Object]') {
    return 'The statement does not parse as SQL (PostgreSQL syntax; Ponder gives no detail): check it, e.g. with psql.'
  }
  if (/ at (or near ".*"|end of input)$/s.test(message)) return `The statement does not parse: ${message}.`
  // PostgreSQL's errors about the statement itself (a name that is not there, a value of the wrong
  // type): the client's to fix, so a 400 that says which. Anything else (a lost connection) is not.
  if (
    /^(column|relation|function|operator|type) .+ does not exist$/s.test(message) ||
    /^column reference ".+" is ambiguous$/.test(message) ||
    /^missing FROM-clause entry for table ".+"$/.test(message) ||
    /^invalid input (syntax|value) for /.test(message) ||
    message === 'division by zero'
  ) {
    return `The statement failed in the database: ${message}. Check the table and column names (the indexer's tables, e.g. purchase, holder, job) and the parameters' types.`
  }
  return undefined
}

/** The middleware for `/sql/*`, installed before Ponder's client(). */
export function sqlRequestGuard({ statementTimeoutMs }: SqlRequestGuardOptions): MiddlewareHandler {
  const refuse = (c: Context, error: string) => c.json({ error, accepts: SQL_ACCEPTS }, 400)
  return async (c, next) => {
    if (c.req.method === 'GET' && (c.req.path === '/sql/db' || c.req.path === '/sql/live')) {
      const problem = checkSqlParameter(c.req.query('sql'))
      if (problem) return refuse(c, problem)
    }
    await next()
    if (c.res.status !== 500) return
    const message = await c.res.clone().text()
    if (/statement timeout/i.test(message)) {
      c.res = undefined
      c.res = refuse(
        c,
        `Query cancelled: it ran longer than the API's statement timeout (${statementTimeoutMs} ms). Narrow it with WHERE and LIMIT, or join fewer tables.`,
      )
      return
    }
    const reason = refusal(message)
    if (reason) {
      c.res = undefined
      c.res = refuse(c, reason)
    }
  }
}
