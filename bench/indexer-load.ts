// Load and hostile-query benchmark of the indexer's API, on loopback with autocannon.
//
//   npx tsx bench/indexer-load.ts [--db postgres|pglite] [--rate 200] [--seconds 10]
//
// Starts a throwaway chain (anvil, chain 31339, free port), deploys, plays the sale scenario of the
// indexer's integration suite, starts the indexer as `npm start` does (PostgreSQL from npm by
// default, or TEST_DATABASE_URL), then:
// - drives each route at a fixed rate (autocannon overallRate) and reports p50/p95/p99 and errors;
// - sends the two hostile queries of issue 5 (a six-way self-join over /sql; buyer -> purchases ->
//   buyer four levels deep over GraphQL) while probing /health every 20 ms, and reports how fast
//   each was refused or cut off and the slowest /health answer meanwhile.
// Goal: p95 < 50 ms at 200 req/s; hostile queries answered < 2 s; /health < 50 ms throughout.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { createPublicClient, http } from 'viem'
import { startIndexer, waitForIndexedBlock, type Indexer } from '../indexer/test/support/startIndexer'
import { runSaleScenario } from '../indexer/test/support/runSaleScenario'
import { startTestPostgres, type TestPostgres } from '../indexer/test/support/startTestPostgres'
import { deploy, repoRoot, run, startAnvil, type Anvil } from '../script/lib/foundry'

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
  },
})
if (args.db !== 'postgres' && args.db !== 'pglite') throw new Error(`--db must be postgres or pglite, got ${args.db}`)
const rate = Number(args.rate)
const seconds = Number(args.seconds)
if (!Number.isInteger(rate) || rate < 1) throw new Error(`--rate must be a positive integer (requests per second), got ${args.rate}`)
if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`--seconds must be a positive integer, got ${args.seconds}`)

const CHAIN_ID = 31339

// The dApp's GraphQL reads (dapp/src/lib/tokenQueries.ts and purchaseQueries.ts), copied so that
// the bench keeps measuring the same shapes while the dApp moves to typed SQL queries.
const TOKEN_QUERY = `{
  tokenStats(id: "ntk") { totalSupply totalBurned holderCount }
  holders(where: { balance_gt: "0" }, orderBy: "balance", orderDirection: "desc", limit: 10) { items { address balance } }
  supplyPoints(orderBy: "timestamp", orderDirection: "asc", limit: 1000) { items { timestamp totalSupply } }
}`
const PURCHASES_QUERY =
  '{ purchases(orderBy: "timestamp", orderDirection: "desc", limit: 20) { items { id payer beneficiary phase weiAccepted refundWei tokens bonusTokens bonusBps timestamp txHash } totalCount } }'
/** What @ponder/client sends for the recent purchases (a superjson-encoded query in ?sql=). */
const sqlParam = (query: string) => encodeURIComponent(JSON.stringify({ json: { sql: query, params: [] } }))

const HOSTILE_SQL =
  'select count(*) from holder a, holder b, holder c, holder d, holder e, holder f ' +
  'where length(concat(a.address, b.address, c.address, d.address, e.address, f.address)) > 0'
let nested = 'address'
for (let i = 0; i < 4; i++) nested = `address purchases { items { buyer { ${nested} } } }`
const HOSTILE_GRAPHQL = `{ buyers { items { ${nested} } } }`

type Target = { name: string; method: 'GET' | 'POST'; path: string; body?: string }
const gql = (query: string) => JSON.stringify({ query })
const targets: Target[] = [
  { name: 'GET /api/sale', method: 'GET', path: '/api/sale' },
  { name: 'GET /api/token', method: 'GET', path: '/api/token' },
  { name: 'GraphQL token page', method: 'POST', path: '/graphql', body: gql(TOKEN_QUERY) },
  { name: 'GraphQL recent purchases', method: 'POST', path: '/graphql', body: gql(PURCHASES_QUERY) },
  {
    name: 'SQL recent purchases (@ponder/client)',
    method: 'GET',
    path: `/sql/db?sql=${sqlParam('select id, beneficiary, wei_accepted, tokens, "timestamp" from purchase order by "timestamp" desc limit 20')}`,
  },
]

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)])

type LoadRow = { name: string; sent: number; rps: number; p50: number; p95: number; p99: number; errors: number; non2xx: number }

/** Drives one target at `rate` req/s for `seconds`, recording every response's latency. */
async function load(url: string, target: Target): Promise<LoadRow> {
  const latencies: number[] = []
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}${target.path}`,
        method: target.method,
        body: target.body,
        headers: target.body ? { 'content-type': 'application/json' } : undefined,
        connections: 32,
        overallRate: rate,
        duration: seconds,
        timeout: 5,
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    )
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime))
  })
  latencies.sort((a, b) => a - b)
  return {
    name: target.name,
    sent: result.requests.sent,
    rps: result.requests.average,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }
}

type HostileRow = { name: string; status: number; answerMs: number; message: string; healthMaxMs: number; healthP95Ms: number; healthFailures: number }

/** Sends one hostile request while probing /health every 20 ms until it is answered. */
async function hostile(url: string, name: string, request: () => Promise<Response>): Promise<HostileRow> {
  const health: number[] = []
  let failures = 0
  let done = false
  const probe = (async () => {
    while (!done) {
      const started = performance.now()
      try {
        const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) })
        await res.arrayBuffer()
        if (!res.ok) failures++
      } catch {
        failures++
      }
      health.push(performance.now() - started)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  })()
  const started = performance.now()
  const res = await request()
  const text = await res.text()
  const answerMs = performance.now() - started
  done = true
  await probe
  health.sort((a, b) => a - b)
  let message = text
  try {
    message = (JSON.parse(text) as { errors?: { message: string }[] }).errors?.[0]?.message ?? text
  } catch {
    // plain-text answer (/sql)
  }
  return {
    name,
    status: res.status,
    answerMs,
    message: message.slice(0, 90),
    healthMaxMs: health.at(-1) ?? Number.NaN,
    healthP95Ms: percentile(health, 95),
    healthFailures: failures,
  }
}

const ms = (value: number) => `${value.toFixed(1)} ms`

async function main() {
  let anvil: Anvil | undefined
  let indexer: Indexer | undefined
  let postgres: TestPostgres | undefined
  const pgliteRoot = args.db === 'pglite' ? mkdtempSync(join(tmpdir(), 'neuro-bench-')) : undefined
  try {
    anvil = await startAnvil({ port: await freePort(), args: ['--chain-id', String(CHAIN_ID), '--balance', '100000'] })
    const deployment = await deploy({ rpcUrl: anvil.rpcUrl })
    const codegen = await run(process.execPath, ['--import', 'tsx', 'script/codegen.ts'], { cwd: repoRoot })
    if (codegen.code !== 0) throw new Error(`codegen failed:\n${codegen.output}`)
    postgres = args.db === 'postgres' ? await startTestPostgres() : undefined
    indexer = await startIndexer({
      chainId: CHAIN_ID,
      rpcUrl: anvil.rpcUrl,
      port: await freePort(),
      schema: `bench_${Date.now().toString(36)}`,
      databaseUrl: postgres?.url,
      pgliteDir: pgliteRoot && join(pgliteRoot, 'pglite'),
    })
    const scenario = await runSaleScenario(anvil.rpcUrl, deployment)
    await waitForIndexedBlock(indexer, CHAIN_ID, scenario.lastBlock, 120_000)
    const client = createPublicClient({ transport: http(anvil.rpcUrl) })
    console.log(`indexer (${args.db}) at ${indexer.url}, chain ${CHAIN_ID} at block ${await client.getBlockNumber()}; ${rate} req/s for ${seconds} s per route\n`)

    // Warm up each route once (first GraphQL build, first SQL plan) before measuring.
    for (const target of targets) await fetch(`${indexer.url}${target.path}`, { method: target.method, body: target.body, headers: { 'content-type': 'application/json' } })
    const rows: LoadRow[] = []
    for (const target of targets) rows.push(await load(indexer.url, target))

    const hostileRows = [
      await hostile(indexer.url, 'six-way self-join over /sql', () => fetch(`${indexer!.url}/sql/db?sql=${sqlParam(HOSTILE_SQL)}`)),
      await hostile(indexer.url, 'buyer->purchases->buyer x4 (GraphQL)', () =>
        fetch(`${indexer!.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: gql(HOSTILE_GRAPHQL) }),
      ),
    ]

    console.log(`Load (${rate} req/s target, goal p95 < 50 ms)`)
    console.table(
      rows.map((r) => ({
        route: r.name,
        'req/s': Math.round(r.rps),
        sent: r.sent,
        p50: ms(r.p50),
        p95: ms(r.p95),
        p99: ms(r.p99),
        'errors+timeouts': r.errors,
        non2xx: r.non2xx,
        goal: r.p95 < 50 && r.errors === 0 && r.non2xx === 0 ? 'met' : 'MISSED',
      })),
    )
    console.log('Hostile queries (goal: answered < 2 s, /health < 50 ms meanwhile)')
    console.table(
      hostileRows.map((r) => ({
        query: r.name,
        status: r.status,
        answered: ms(r.answerMs),
        'health max': ms(r.healthMaxMs),
        'health p95': ms(r.healthP95Ms),
        'health failures': r.healthFailures,
        goal: r.answerMs < 2_000 && r.healthMaxMs < 50 && r.healthFailures === 0 && r.status >= 400 ? 'met' : 'MISSED',
      })),
    )
    for (const r of hostileRows) console.log(`${r.name}: ${r.status} ${r.message}`)
  } finally {
    await indexer?.stop()
    await anvil?.stop()
    await postgres?.stop()
    if (pgliteRoot) rmSync(pgliteRoot, { recursive: true, force: true })
  }
}

await main()
