import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import schema from 'ponder:schema'
import superjson from 'superjson'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createFakePonderDb, type FakeDb } from './fakePonderDb'

// Each table holds 5,000 rows: more than any list may return (1-wei burns are cheap).
const ROWS = 5_000
// biome-ignore lint/suspicious/noExplicitAny: JSON answers, checked field by field
type Body = Record<string, any>
let fake: FakeDb
/** What the database answers a statement that reached it over /sql/db (Ponder's client()). */
let sqlExecute: (query: { sql: string; params: unknown[] }) => Promise<unknown>
const sqlExecuted: string[] = []
// index.ts hands `db` to Ponder's handlers when imported: one object, delegating to this test's fake.
vi.mock('ponder:api', () => ({
  db: {
    select: (...args: unknown[]) => (fake.db as { select: (...a: unknown[]) => unknown }).select(...args),
    execute: (...args: unknown[]) => (fake.db as { execute: (...a: unknown[]) => unknown }).execute(...args),
    // Ponder's client() runs statements through the drizzle session (its PGlite path).
    _: {
      session: {
        prepareQuery: (query: { sql: string; params: unknown[] }) => ({
          execute: () => {
            sqlExecuted.push(query.sql)
            return sqlExecute(query)
          },
        }),
      },
    },
  },
}))
vi.mock('ponder:schema', async () => ({ default: await import('../ponder.schema') }))

// Ponder's own client() and graphql() handlers run, on the globals `ponder serve` sets up: a
// PGlite-like driver that answers nothing, and a shutdown already under way so that no background
// loop (readiness polling, live-query listener) starts. graphql() writes generated/schema.graphql
// under the working directory: a temporary one while the app is built.
const ponderGlobals = globalThis as Record<string, unknown>
ponderGlobals.PONDER_COMMON = {
  apiShutdown: { isKilled: true, add: () => {} },
  logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
}
ponderGlobals.PONDER_DATABASE = {
  driver: { dialect: 'pglite', instance: { query: async () => {}, onNotification: () => {} } },
  readonlyQB: { raw: { query: {} } },
}
ponderGlobals.PONDER_NAMESPACE_BUILD = { schema: 'public' }
ponderGlobals.PONDER_PRE_BUILD = { ordering: 'multichain' }
const workDir = mkdtempSync(join(tmpdir(), 'indexer-api-'))
const cwd = vi.spyOn(process, 'cwd').mockReturnValue(workDir)

const { default: app } = await import('../src/api/index')
// Until graphql() has written its schema file (it does so in the background).
await vi.waitFor(() => readFileSync(join(workDir, 'generated', 'schema.graphql')))
cwd.mockRestore()
afterAll(() => rmSync(workDir, { recursive: true, force: true }))

beforeEach(() => {
  sqlExecute = async () => ({ rows: [{ n: '1' }] })
  fake = createFakePonderDb(
    ROWS,
    new Map<unknown, () => Record<string, unknown>[]>([
      [schema.tokenStats, () => [{ id: 'ntk', totalSupply: 1n }]],
      [schema.buyer, () => [{ address: `0x${'ab'.repeat(20)}` }]],
    ]),
  )
})

describe('indexer API routes', () => {
  it('/api/token returns at most 1,000 rows per history, the newest, oldest first, and says which were cut', async () => {
    const res = await app.request('/api/token?holders=3')
    expect(res.status).toBe(200)
    const body = (await res.json()) as Body
    for (const list of [
      'supplyHistory',
      'burnEpochs',
      'burns',
      'genesisAllocations',
      'shortfallSettlements',
      'leftoverReleases',
    ]) {
      expect(body[list], list).toHaveLength(1_000)
      expect(body.truncated[list], list).toBe(true)
    }
    expect(body.topHolders).toHaveLength(3)
    expect(body.listLimit).toBe(1_000)
    // Read newest first (the fake's row 0 is the newest), returned oldest first.
    expect(body.burns[0]).toEqual({ n: 999 })
    expect(body.burns[999]).toEqual({ n: 0 })
    expect(fake.reads.every((read) => read.table === schema.tokenStats || read.limit !== undefined)).toBe(true)
  })

  it('/api/buyers/:address bounds the purchases (newest first) and says when it cut them', async () => {
    const body = (await (await app.request(`/api/buyers/0x${'AB'.repeat(20)}`)).json()) as Body
    expect(body.address).toBe(`0x${'ab'.repeat(20)}`)
    expect(body.purchases).toHaveLength(100)
    expect(body.truncated).toEqual({ purchases: true })
    const few = (await (await app.request(`/api/buyers/0x${'ab'.repeat(20)}?limit=5`)).json()) as Body
    expect(few.purchases).toEqual([0, 1, 2, 3, 4].map((n) => ({ n })))
    expect((await app.request(`/api/buyers/0x${'ab'.repeat(20)}?limit=101`)).status).toBe(400)
  })

  it('keys the cache by parsed parameters: junk query parameters and other spellings share one read', async () => {
    expect((await app.request('/api/token?holders=10&x=0')).headers.get('x-indexer-cache')).toBe('miss')
    const reads = fake.reads.length
    for (const path of ['/api/token', '/api/token?holders=10&x=1', '/api/token?x=2&holders=010', '/api/token?holders=1e1']) {
      const res = await app.request(path)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('x-indexer-cache'), path).toBe('hit')
    }
    expect(fake.reads.length).toBe(reads)
    expect((await app.request('/api/token?holders=0')).status).toBe(400)
  })
})

describe('unknown /api routes and wrong methods', () => {
  it('answers an unknown /api path with a JSON 404 naming it and listing the routes', async () => {
    for (const path of ['/api/nope', '/api/sale/', '/api/buyers/', '/api/jobs/1/extra']) {
      const res = await app.request(path)
      expect(res.status, path).toBe(404)
      expect(res.headers.get('content-type')).toMatch(/application\/json/)
      const body = (await res.json()) as Body
      expect(body.error).toContain(`No route GET ${path}.`)
      expect(body.routes).toEqual([
        'GET /api/sale',
        'GET /api/token',
        'GET /api/buyers/:address',
        'GET /api/market',
        'GET /api/market/book/:kind',
        'GET /api/executors',
        'GET /api/executors/:address',
        'GET /api/jobs/:id',
      ])
    }
    // A long path is not echoed whole.
    const long = (await (await app.request(`/api/${'x'.repeat(5_000)}`)).json()) as Body
    expect(long.error.length).toBeLessThan(300)
  })

  it('answers a known /api route with another method with 405 and Allow', async () => {
    for (const [method, path, route] of [
      ['POST', '/api/sale', '/api/sale'],
      ['DELETE', '/api/token', '/api/token'],
      ['PUT', `/api/buyers/0x${'ab'.repeat(20)}`, '/api/buyers/:address'],
      ['POST', '/api/jobs/7', '/api/jobs/:id'],
    ]) {
      const res = await app.request(path, { method })
      expect(res.status, `${method} ${path}`).toBe(405)
      expect(res.headers.get('allow')).toBe('GET, HEAD')
      expect(((await res.json()) as Body).error).toBe(`${method} is not allowed on ${route}; use GET, HEAD.`)
    }
    // The routes themselves still answer.
    expect((await app.request('/api/token')).status).toBe(200)
    expect((await app.request('/api/token', { method: 'HEAD' })).status).toBe(200)
  })
})

describe("SQL over HTTP (/sql/db, Ponder's client())", () => {
  const encode = (document: unknown) =>
    `/sql/db?sql=${encodeURIComponent(typeof document === 'string' ? document : JSON.stringify(document))}`
  const query = (sql: string, params: unknown[] = []) => encode({ json: { sql, params } })
  const refused = async (path: string) => {
    const res = await app.request(path)
    const text = await res.text()
    expect(res.status, text).toBe(400)
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
    expect(text).not.toMatch(/file:|node_modules|\.ts:\d/)
    const body = JSON.parse(text) as { error: string; accepts: string }
    expect(body.accepts).toMatch(/^One read-only SELECT over the indexer's tables/)
    return body.error
  }

  it('answers a statement Ponder accepts (as @ponder/client sends it, bigint parameters included)', async () => {
    const res = await app.request(query('select count(*) as n from purchase'))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ rows: [{ n: '1' }] })
    const withBigint = encode({
      json: { sql: 'select * from holder where balance > $1 limit 1', params: ['5'] },
      meta: { values: { 'params.0': ['bigint'] }, v: 1 },
    })
    expect((await app.request(withBigint)).status).toBe(200)
    // Exactly what @ponder/client builds ({ sql, params, typings }, superjson-encoded): typings
    // annotated as undefined, a bigint and a Date parameter.
    const fromClient = superjson.stringify({
      sql: 'select * from holder where balance > $1 and $2::timestamptz is not null limit 1',
      params: [5n, new Date(0)],
      typings: [undefined, undefined],
    })
    const res2 = await app.request(encode(fromClient))
    expect(res2.status, await res2.clone().text()).toBe(200)
  })

  it('refuses a parameter that is not what @ponder/client sends with 400, before Ponder decodes it', async () => {
    const executed = sqlExecuted.length
    expect(await refused('/sql/db')).toBe('The "sql" query parameter is missing.')
    expect(await refused(encode('select 1'))).toMatch(/^The "sql" parameter is not JSON \(it starts "select 1"\)/)
    expect(await refused(encode(`select ${'1,'.repeat(5_000)}`))).toMatch(/it starts "select [1,]{57}…"\)/)
    expect(await refused(encode({ sql: 'select 1', params: [] }))).toMatch(/not a superjson document/)
    expect(await refused(encode('42'))).toMatch(/not a superjson document/)
    expect(await refused(encode({ json: { sql: 1, params: [] } }))).toMatch(/"json.sql" must be a string/)
    expect(await refused(encode({ json: { sql: 'select 1' } }))).toMatch(/"json.params" must be an array/)
    expect(await refused(query(`select ${'1'.repeat(5_001)}`))).toMatch(/Ponder reads at most 5000/)
    // Annotations superjson throws on inside Ponder (a 500 with its stack trace before the guard).
    for (const meta of [
      { values: { 'params.1': ['bigint'] } }, // no such parameter
      { values: { sql: ['bigint'] } },
      { values: { 'params.0': ['regexp'] } },
      { values: { 'params.0': ['constructor'] } },
    ]) {
      expect(await refused(encode({ json: { sql: 'select $1', params: ['1'] }, meta }))).toMatch(/not a superjson document/)
    }
    // BigInt("abc") would throw inside superjson.
    expect(
      await refused(encode({ json: { sql: 'select $1', params: ['abc'] }, meta: { values: { 'params.0': ['bigint'] } } })),
    ).toMatch(/not a superjson document \("Cannot convert abc to a BigInt"\)/)
    expect(sqlExecuted.length).toBe(executed)
  })

  it("answers statements Ponder's validator refuses with 400 and what the endpoint takes", async () => {
    const executed = sqlExecuted.length
    expect(await refused(query('drop table purchase'))).toBe(
      'Only a SELECT is accepted: the endpoint is read-only (Ponder: "DropStmt not supported").',
    )
    expect(await refused(query("insert into purchase (id) values ('x')"))).toMatch(
      /read-only \(Ponder: "InsertStmt not supported"\)/,
    )
    expect(await refused(query('select pg_sleep(10)'))).toBe(
      "Ponder's SQL endpoint refused the statement: Function call not supported.",
    )
    expect(await refused(query('select * from ponder_sync.blocks'))).toMatch(/Schema name not supported/)
    expect(await refused(query('select * from generate_series(1, 10)'))).toMatch(/RangeFunction not supported/)
    expect(await refused(query('select 1; select 2'))).toMatch(/Multiple statements not supported/)
    for (const sql of ['selec 1', "select 'abc", 'select 1 limit 1,2'])
      expect(await refused(query(sql))).toMatch(/^The statement does not parse as SQL/)
    expect(await refused(query(''))).toMatch(/refused the statement \(Invalid query: empty, or refused before/)
    // Ponder gives the reason once per statement.
    expect(await refused(query('drop table purchase'))).toMatch(/\(Invalid query: empty, or refused before/)
    expect(sqlExecuted.length).toBe(executed)
  })

  it('answers a statement cancelled at the statement timeout or refused by PostgreSQL with 400, and a database failure with 500', async () => {
    sqlExecute = async () => {
      throw new Error('canceling statement due to statement timeout (1000 ms): an answer within the limit does not exist')
    }
    expect(await refused(query('select count(*) from holder a, holder b'))).toMatch(
      /^Query cancelled: it ran longer than the API's statement timeout \(1000 ms\)\. Narrow it with WHERE and LIMIT/,
    )
    // PostgreSQL's errors about the statement itself are the client's to fix.
    for (const message of [
      'column "nope" does not exist',
      'relation "nope" does not exist',
      'invalid input syntax for type numeric: "abc"',
    ]) {
      sqlExecute = async () => {
        throw new Error(message)
      }
      expect(await refused(query('select nope from holder'))).toBe(
        `The statement failed in the database: ${message}. Check the table and column names (the indexer's tables, e.g. purchase, holder, job) and the parameters' types.`,
      )
    }
    sqlExecute = async () => {
      throw new Error('Connection terminated unexpectedly')
    }
    const res = await app.request(query('select count(*) from holder'))
    expect(res.status).toBe(500)
    expect(await res.text()).toBe('Connection terminated unexpectedly')
  })
})

describe('SQL over HTTP: live queries and answer size', () => {
  const query = (path: string, sql: string) => `${path}?sql=${encodeURIComponent(JSON.stringify({ json: { sql, params: [] } }))}`

  it('refuses /sql/live before Ponder counts it, with 404 and where to poll instead', async () => {
    const executed = sqlExecuted.length
    // Ponder 0.16 counts a live query before validating it and never uncounts a refused one: more
    // than its 1,000 slots of refused statements, then a good one, all get the same answer.
    for (const sql of [...Array.from({ length: 1_001 }, () => 'drop table purchase'), 'select count(*) from purchase']) {
      const res = await app.request(query('/sql/live', sql))
      expect(res.status).toBe(404)
    }
    for (const [method, path] of [
      ['GET', query('/sql/live', 'select 1')],
      ['GET', '/sql/live'],
      ['POST', '/sql/live'],
      ['GET', '/sql/live/x'],
    ]) {
      const res = await app.request(path, { method })
      expect(res.status, `${method} ${path}`).toBe(404)
      expect(res.headers.get('content-type')).toMatch(/application\/json/)
      const body = (await res.json()) as Body
      expect(body.error).toBe(
        'Live queries (/sql/live) are not served by this indexer. Poll GET /sql/db with the same query instead (answers are cached per indexed block, so polling costs one database read per block), or POST /graphql.',
      )
      expect(body.accepts).toMatch(/^One read-only SELECT/)
    }
    expect(sqlExecuted.length).toBe(executed)
    // /sql/db is unaffected.
    expect((await app.request(query('/sql/db', 'select count(*) as live from purchase'))).status).toBe(200)
  })

  it('refuses a /sql/db answer over 4 MiB with 413 naming the limit, and does not cache it', async () => {
    const huge = query('/sql/db', 'select * from holder a, holder b')
    sqlExecute = async () => ({ rows: Array.from({ length: 50 }, (_, n) => ({ n, pad: 'x'.repeat(100_000) })) })
    const res = await app.request(huge)
    expect(res.status).toBe(413)
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
    const body = (await res.json()) as Body
    expect(body.error).toMatch(
      /^The answer is 4\.8 MiB; \/sql\/db answers at most 4 MiB\. Select fewer rows or columns: add a WHERE and a LIMIT/,
    )
    expect(body.accepts).toMatch(/^One read-only SELECT/)
    // Not kept: asked again, the database is asked again (and a smaller answer now passes).
    const executed = sqlExecuted.length
    sqlExecute = async () => ({ rows: [{ n: 1 }] })
    const again = await app.request(huge)
    expect(again.status).toBe(200)
    expect(again.headers.get('x-indexer-cache')).toBe('miss')
    expect(sqlExecuted.length).toBe(executed + 1)
    // An answer within the limit is served and cached as before.
    const fits = query('/sql/db', 'select * from holder limit 30')
    sqlExecute = async () => ({ rows: Array.from({ length: 30 }, (_, n) => ({ n, pad: 'x'.repeat(100_000) })) })
    const first = await app.request(fits)
    expect(first.status).toBe(200)
    expect(first.headers.get('x-indexer-cache')).toBe('miss')
    expect(((await first.json()) as Body).rows).toHaveLength(30)
    expect((await app.request(fits)).headers.get('x-indexer-cache')).toBe('hit')
  })
})

describe('GraphQL limits before Ponder', () => {
  const post = (query: string, variables?: Record<string, unknown>) =>
    app.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    })
  const errorOf = async (res: Response) => {
    expect(res.status).toBe(400)
    return ((await res.json()) as { errors: { message: string; extensions: { code: string } }[] }).errors[0]
  }

  it("answers GraphiQL's own schema query (Ponder's depth rule no longer refuses it)", async () => {
    const introspection = readFileSync(join(import.meta.dirname, 'support', 'graphiqlIntrospectionQuery.graphql'), 'utf8')
    const res = await post(introspection)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { data?: { __schema: { types: { name: string }[] } }; errors?: unknown }
    expect(body.errors).toBeUndefined()
    expect(body.data!.__schema.types.map((type) => type.name)).toContain('buyer')
  })

  it('refuses deep introspection with 400 GRAPHQL_TOO_DEEP, like a deep data query', async () => {
    const error = await errorOf(
      await post('{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }'),
    )
    expect(error.extensions.code).toBe('GRAPHQL_TOO_DEEP')
    expect(error.message).toMatch(/nests fields 10 levels deep; the limit is 8 \(introspection counts too, except `ofType`\)/)
    let inner = 'address'
    for (let i = 0; i < 4; i++) inner = `address purchases { items { buyer { ${inner} } } }`
    expect((await errorOf(await post(`{ buyers { items { ${inner} } } }`))).extensions.code).toBe('GRAPHQL_TOO_DEEP')
  })

  it('refuses lists multiplied behind fragments with 400, as without them', async () => {
    const viaInline = await post(
      '{ buyers(limit: 1000) { ... on buyerPage { items { purchases(limit: 1000) { ... on purchasePage { items { id } } } } } } }',
    )
    expect(await errorOf(viaInline)).toMatchObject({
      message: expect.stringContaining('may read up to 1002001 rows; the limit is 10000'),
      extensions: { code: 'GRAPHQL_TOO_COMPLEX' },
    })
    const tooLarge = await post('fragment H on holderPage { items { address } } { holders(limit: 999999) { ...H } }')
    expect((await errorOf(tooLarge)).extensions.code).toBe('GRAPHQL_LIST_TOO_LARGE')
  })

  it('refuses a negative limit with 400', async () => {
    const error = await errorOf(await post('{ executors(limit: -1) { items { address } } }'))
    expect(error).toEqual({
      message: '`executors` asks for limit -1; a limit is a page size from 0 to 1000.',
      extensions: { code: 'GRAPHQL_NEGATIVE_LIMIT' },
    })
    const viaVariable = await errorOf(await post('query ($n: Int) { executors(limit: $n) { items { address } } }', { n: -3 }))
    expect(viaVariable.extensions.code).toBe('GRAPHQL_NEGATIVE_LIMIT')
  })
})
