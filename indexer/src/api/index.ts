// HTTP API: Ponder's GraphQL (at / and /graphql, with GraphiQL served offline on GET), SQL over
// HTTP for @ponder/client (/sql/*), and JSON routes for the dApp's summary views. Amounts are
// decimal strings (wei / token units).
//
// Holding load: answers that depend only on indexed state (/api/*, GraphQL, /sql/db) are cached per indexed
// checkpoint (createBlockCache; /api routes keyed by their parsed parameters only, createCachedRoute),
// GraphQL requests are bounded before they reach the database (checkGraphqlLimits), and every list
// an /api route returns stops at a documented maximum and says in `truncated` when it was cut. With PostgreSQL this file runs in `ponder serve` as a read-only role with a
// statement timeout (see bin/ponder.ts), so no query can hold the process or the indexer.
import { db } from 'ponder:api'
import schema from 'ponder:schema'
import { type Context, Hono } from 'hono'
import { asc, client, desc, eq, graphql, replaceBigInts, sql } from 'ponder'
import { loadConfig } from '../config'
import { apiNotFound } from './apiNotFound'
import { boundedRows } from './boundedRows'
import { checkGraphqlLimits, GRAPHQL_MAX_ALIASES, GRAPHQL_MAX_TOKENS } from './checkGraphqlLimits'
import { type CachedResponse, createBlockCache } from './createBlockCache'
import { createCachedRoute, sendCached as send } from './createCachedRoute'
import { graphiqlApp } from './graphiqlApp'
import { graphqlBodyLimit } from './graphqlBodyLimit'
import { marketRoutes } from './marketRoutes'
import { parseAddress } from './parseAddress'
import { SQL_ACCEPTS, sqlRequestGuard } from './sqlRequestGuard'

const config = loadConfig()
const app = new Hono()

if (config.processRole === 'indexing') {
  // The indexing process owns the schema: it must never answer queries with those rights. Its
  // built-in /health, /ready, /status and /metrics (served by Ponder before this app) stay up.
  app.all('*', (c) =>
    c.json(
      { error: 'This is the indexer\'s indexing process; query the API at the URL bin/ponder.ts printed ("serving API").' },
      404,
    ),
  )
}

const BPS = 10_000n
const MAX_LIST = 100
const MAX_GRAPHQL_BODY = 64 * 1024
/**
 * Largest /sql/db answer (serialized JSON) served. The statement timeout bounds how long a SELECT
 * runs, not how much it returns (`select * from holder a, holder b` is millions of rows within it),
 * and each answer is held whole in memory (by Ponder, the cache and the response). The dApp's
 * largest reads are 1,000-row pages (the ask book, the supply history: a few hundred KiB); 4 MiB
 * is ten times that, and the most the block cache keeps of one answer (BLOCK_CACHE_MAX_ENTRY_BYTES).
 */
const MAX_SQL_ANSWER_BYTES = 4 * 1024 * 1024
/**
 * Most rows of each history /api/token returns (supply points, burns, epochs, ...): the newest, in
 * oldest-first order. NeuroToken is burnable, so anyone can add rows (1-wei burns); the full
 * history pages through GraphQL or SQL.
 */
const MAX_HISTORY = 1_000

// `_ponder_checkpoint` holds one row per chain, rewritten with every indexed block.
const checkpointTable = sql.raw(`"${config.databaseSchema}"."_ponder_checkpoint"`)
const cache = createBlockCache({
  readCheckpoint: async () => {
    const result = (await db.execute(
      sql`SELECT coalesce(string_agg(latest_checkpoint, ',' ORDER BY chain_name), '') AS checkpoint FROM ${checkpointTable}`,
    )) as unknown as { rows: { checkpoint: string }[] }
    return result.rows[0]?.checkpoint ?? ''
  },
})

/** JSON with every bigint as a decimal string (JSON has no bigint). */
const jsonBody = (body: unknown) => JSON.stringify(replaceBigInts(body as object, (v) => v.toString()))
const json = (status: number, body: unknown): CachedResponse => ({
  status,
  contentType: 'application/json',
  body: jsonBody(body),
})

/** The refusal of a /sql/db answer over MAX_SQL_ANSWER_BYTES: what to change to get one. */
const sqlAnswerTooLarge = (bytes: number): CachedResponse =>
  json(413, {
    error: `The answer is ${(bytes / 1024 / 1024).toFixed(1)} MiB; /sql/db answers at most ${MAX_SQL_ANSWER_BYTES / 1024 / 1024} MiB. Select fewer rows or columns: add a WHERE and a LIMIT (e.g. LIMIT 1000) and page with WHERE id > the last id seen.`,
    accepts: SQL_ACCEPTS,
  })

/** Serves a route from the per-checkpoint cache, keyed by its parsed parameters only. */
const cached = createCachedRoute(cache)
const noParams = () => ({ params: {} })

/** The newest `MAX_HISTORY` rows of a history read newest first with `LIMIT MAX_HISTORY + 1`, oldest first. */
const newestHistory = <T>(rowsNewestFirst: T[]) => {
  const { items, truncated } = boundedRows(rowsNewestFirst, MAX_HISTORY)
  return { items: items.reverse(), truncated }
}

const notIndexed = (what: string) =>
  json(503, { error: `${what} has not been indexed yet; retry once the indexer has caught up (GET /status)` })

/** Parses ?limit= as an integer in [1, MAX_LIST]; undefined when it is not one. */
function parseLimit(raw: string | undefined, fallback: number): number | undefined {
  if (raw === undefined) return fallback
  const value = Number(raw)
  return Number.isInteger(value) && value >= 1 && value <= MAX_LIST ? value : undefined
}

// Live queries (server-sent events) are not served: Ponder 0.16's client() counts a live query
// before it validates the statement and never uncounts one it refuses, so 1,000 bad requests would
// leave every later live query a 503 until a restart. Refused here, before Ponder sees them; nothing
// of ours uses them (the dApp polls /sql/db, answered once per indexed block from the cache below).
const refuseLiveQuery = (c: Context) =>
  c.json(
    {
      error:
        'Live queries (/sql/live) are not served by this indexer. Poll GET /sql/db with the same query instead (answers are cached per indexed block, so polling costs one database read per block), or POST /graphql.',
      accepts: SQL_ACCEPTS,
    },
    404,
  )
app.all('/sql/live', refuseLiveQuery)
app.all('/sql/live/*', refuseLiveQuery)

// SQL over HTTP. Ponder validates that the query is a single SELECT; PostgreSQL cancels it at
// API_STATEMENT_TIMEOUT. A malformed `sql` parameter, a statement Ponder refuses and a cancelled
// one are the client's to fix: 400 with a JSON error saying what the endpoint takes, not a 500.
app.use('/sql/*', sqlRequestGuard({ statementTimeoutMs: config.apiStatementTimeoutMs }))
// @ponder/client reads (GET /sql/db?sql=...) depend only on indexed state, like /api: answered
// once per indexed checkpoint. An answer larger than MAX_SQL_ANSWER_BYTES is refused with 413.
app.use('/sql/db', async (c, next) => {
  if (c.req.method !== 'GET') return next()
  // Keyed by the query only: other parameters (which the handler ignores) do not make new entries.
  const query = new URL(c.req.url).searchParams.get('sql') ?? ''
  let computedHere = false
  let passThrough = false
  const answer = await cache.get(`GET /sql/db ${query}`, async () => {
    computedHere = true
    await next()
    const body = await c.res.clone().text()
    const bytes = Buffer.byteLength(body)
    if (c.res.status === 200 && bytes > MAX_SQL_ANSWER_BYTES) return sqlAnswerTooLarge(bytes)
    passThrough = true
    return { status: c.res.status, contentType: c.res.headers.get('content-type') ?? 'application/json', body }
  })
  // Computed here within the limit: Ponder's own response goes out as it is (what @ponder/client
  // expects). A cached answer, or the refusal of one too large, is sent instead.
  if (passThrough) {
    c.res.headers.set('x-indexer-cache', 'miss')
    return
  }
  // A cached answer: sent as it is (next() never ran).
  if (!computedHere) return send(c, answer)
  // Computed here but refused (too large): replaces the response Ponder gave.
  c.res = undefined
  c.res = send(c, answer)
})
app.use('/sql/*', client({ db, schema }))

// GraphQL. GET shows GraphiQL from local files; POST is checked against the limits, then answered
// from the cache or by Ponder's handler (its own token and alias guards stay as a second line).
// The depth guard is checkGraphqlLimits alone: Ponder's counts introspection and each fragment
// spread as a level and cannot be told otherwise, so it refused GraphiQL's own schema query (21
// levels to it) and answered too-deep queries with HTTP 200. It is set to the token limit, which
// no document within that limit can nest past. The token and alias limits are checkGraphqlLimits'
// own, so a document Ponder would refuse is refused before it with a 400.
app.route('/', graphiqlApp({ endpoint: '/graphql', pagePaths: ['/', '/graphql'] }))
const ponderGraphql = new Hono().use(
  '*',
  graphql(
    { db, schema },
    {
      maxOperationDepth: GRAPHQL_MAX_TOKENS,
      maxOperationTokens: GRAPHQL_MAX_TOKENS,
      maxOperationAliases: GRAPHQL_MAX_ALIASES,
    },
  ),
)

// The same few queries arrive again and again (every dApp view polls): judge each document once.
const judged = new Map<string, ReturnType<typeof checkGraphqlLimits>>()
const checkLimits = (query: string, variables: Record<string, unknown> | undefined) => {
  // Limits read from variables depend on them; only variable-free documents are remembered.
  if (variables && Object.keys(variables).length > 0) return checkGraphqlLimits(query, variables, config.graphql)
  if (judged.has(query)) return judged.get(query)
  const verdict = checkGraphqlLimits(query, undefined, config.graphql)
  if (judged.size >= 1_000) judged.delete(judged.keys().next().value!)
  judged.set(query, verdict)
  return verdict
}

type GraphqlRequest = { query?: unknown; variables?: unknown; operationName?: unknown }
const graphqlError = (status: number, code: string, message: string): CachedResponse =>
  json(status, { errors: [{ message, extensions: { code } }] })

const answerGraphql = async (c: Context) => {
  // At most MAX_GRAPHQL_BODY bytes: graphqlBodyLimit ran first.
  const raw = await c.req.text()
  let request: GraphqlRequest
  try {
    request = JSON.parse(raw) as GraphqlRequest
  } catch {
    return send(
      c,
      graphqlError(
        400,
        'BAD_REQUEST',
        'The body is not JSON; POST {"query": "...", "variables": {...}} with content-type application/json.',
      ),
    )
  }
  if (typeof request !== 'object' || request === null || typeof request.query !== 'string') {
    return send(c, graphqlError(400, 'BAD_REQUEST', 'The body has no "query" string; POST {"query": "...", "variables": {...}}.'))
  }
  const variables =
    typeof request.variables === 'object' && request.variables !== null
      ? (request.variables as Record<string, unknown>)
      : undefined
  const violation = checkLimits(request.query, variables)
  if (violation) return send(c, graphqlError(400, violation.code, violation.message))

  const key = `POST /graphql ${JSON.stringify([request.query, variables ?? null, request.operationName ?? null])}`
  const response = await cache.get(key, async () => {
    const answer = await ponderGraphql.fetch(
      new Request(c.req.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw }),
    )
    const body = await answer.text()
    // Ponder answers errors with 200 too; only clean data is shared with later requests.
    return { status: answer.status, contentType: 'application/json', body, cacheable: !body.includes('"errors"') }
  })
  return send(c, response)
}

// The body is counted as it streams in (a chunked upload has no Content-Length to check).
app.post('/', graphqlBodyLimit(MAX_GRAPHQL_BODY), answerGraphql)
app.post('/graphql', graphqlBodyLimit(MAX_GRAPHQL_BODY), answerGraphql)

app.get(
  '/api/sale',
  cached('sale', noParams, async () => {
    const [stats] = await db.select().from(schema.saleStats).where(eq(schema.saleStats.id, 'sale'))
    if (!stats) return notIndexed('The token sale')
    const remainingTokens = stats.hardCapTokens - stats.tokensSold
    return json(200, {
      ...stats,
      progress: {
        /** tokensSold / hardCapTokens in basis points, rounded down. */
        soldBps: Number((stats.tokensSold * BPS) / stats.hardCapTokens),
        remainingTokens,
        soldOut: remainingTokens === 0n,
        capRevealed: stats.revealedCapWei !== null,
      },
    })
  }),
)

app.get(
  '/api/token',
  cached(
    'token',
    (c) => {
      const holders = parseLimit(c.req.query('holders'), 10)
      if (holders === undefined) return { error: json(400, { error: `holders must be an integer from 1 to ${MAX_LIST}` }) }
      return { params: { holders } }
    },
    async ({ holders }) => {
      const [stats] = await db.select().from(schema.tokenStats).where(eq(schema.tokenStats.id, 'ntk'))
      if (!stats) return notIndexed('The token')
      const history = MAX_HISTORY + 1
      const [supplyPoints, epochs, burnRows, topHolders, genesis, [schedule], settlements, releases] = await Promise.all([
        db
          .select()
          .from(schema.supplyPoint)
          .orderBy(desc(schema.supplyPoint.blockNumber), desc(schema.supplyPoint.logIndex))
          .limit(history),
        db.select().from(schema.burnEpoch).orderBy(desc(schema.burnEpoch.epoch)).limit(history),
        db.select().from(schema.burn).orderBy(desc(schema.burn.blockNumber), desc(schema.burn.logIndex)).limit(history),
        db.select().from(schema.holder).orderBy(desc(schema.holder.balance), asc(schema.holder.address)).limit(holders),
        // Largest first; fixed at deployment, bounded all the same.
        db
          .select()
          .from(schema.genesisAllocation)
          .orderBy(desc(schema.genesisAllocation.amount), asc(schema.genesisAllocation.recipient))
          .limit(history),
        db.select().from(schema.burnSchedule).limit(1),
        db
          .select()
          .from(schema.shortfallSettlement)
          .orderBy(desc(schema.shortfallSettlement.blockNumber), desc(schema.shortfallSettlement.id))
          .limit(history),
        db
          .select()
          .from(schema.leftoverRelease)
          .orderBy(desc(schema.leftoverRelease.blockNumber), desc(schema.leftoverRelease.id))
          .limit(history),
      ])
      const supplyHistory = newestHistory(supplyPoints)
      const burnEpochs = newestHistory(epochs)
      const burns = newestHistory(burnRows)
      const genesisAllocations = boundedRows(genesis, MAX_HISTORY)
      const shortfallSettlements = newestHistory(settlements)
      const leftoverReleases = newestHistory(releases)
      return json(200, {
        ...stats,
        supplyHistory: supplyHistory.items,
        burnEpochs: burnEpochs.items,
        burns: burns.items,
        topHolders,
        genesisAllocations: genesisAllocations.items,
        // null until the schedule's first event (funding or an epoch) has been indexed.
        burnSchedule: schedule ?? null,
        shortfallSettlements: shortfallSettlements.items,
        leftoverReleases: leftoverReleases.items,
        /** Which lists were cut at `listLimit` rows (the newest kept); page the rest through GraphQL. */
        truncated: {
          supplyHistory: supplyHistory.truncated,
          burnEpochs: burnEpochs.truncated,
          burns: burns.truncated,
          genesisAllocations: genesisAllocations.truncated,
          shortfallSettlements: shortfallSettlements.truncated,
          leftoverReleases: leftoverReleases.truncated,
        },
        listLimit: MAX_HISTORY,
      })
    },
  ),
)

app.get(
  '/api/buyers/:address',
  cached(
    'buyer',
    (c) => {
      const { address, error } = parseAddress(c.req.param('address') ?? '')
      if (error !== undefined) return { error: json(400, { error }) }
      const limit = parseLimit(c.req.query('limit'), MAX_LIST)
      if (limit === undefined) return { error: json(400, { error: `limit must be an integer from 1 to ${MAX_LIST}` }) }
      return { params: { address, limit } }
    },
    async ({ address, limit }) => {
      const [buyer] = await db
        .select()
        .from(schema.buyer)
        .where(eq(schema.buyer.address, address as `0x${string}`))
      const rows = buyer
        ? await db
            .select()
            .from(schema.purchase)
            .where(eq(schema.purchase.beneficiary, address as `0x${string}`))
            .orderBy(desc(schema.purchase.blockNumber), desc(schema.purchase.logIndex))
            .limit(limit + 1)
        : []
      const purchases = boundedRows(rows, limit)
      // An address that never bought is not an error for the dApp: it shows an empty history.
      return json(200, {
        address,
        buyer: buyer ?? null,
        purchases: purchases.items,
        truncated: { purchases: purchases.truncated },
      })
    },
  ),
)

// The compute market: /api/market, /api/market/book/:kind, /api/executors[/:address], /api/jobs/:id.
app.route('/', marketRoutes({ cached, json, parseLimit, maxList: MAX_LIST }))

// Last: every /api route above is known by now. A known path with another method gets 405 and
// Allow; an unknown one a JSON 404 with the list.
app.all('/api/*', apiNotFound(app.routes))

export default app
