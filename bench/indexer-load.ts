// Load and hostile-query benchmark of the indexer's API, on loopback with autocannon.
//
//   npx tsx bench/indexer-load.ts [--db postgres|pglite] [--rate 200] [--seconds 10]
//
// Starts a throwaway chain (anvil, chain 31339, free port), deploys, plays the sale and market
// scenarios of the indexer's integration suites (seven jobs: optimistic, replicated, reclaimed,
// challenged, declined; eighteen staked executors), starts the indexer as `npm start` does
// (PostgreSQL from npm by default, or TEST_DATABASE_URL), then:
// - drives each route at a fixed rate (autocannon overallRate) and reports p50/p95/p99 and errors;
// - sends the two hostile queries of issue 5 (a six-way self-join over /sql; buyer -> purchases ->
//   buyer four levels deep over GraphQL) while probing /health every 20 ms, and reports how fast
//   each was refused or cut off and the slowest /health answer meanwhile.
// Goal: p95 < 50 ms at 200 req/s; hostile queries answered < 2 s; /health < 50 ms throughout.
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import {
  type Anvil,
  deploy,
  freePort,
  type Indexer,
  type PostgresServer,
  repoRoot,
  runCommand as run,
  startAnvil,
  startIndexer,
  startPostgres,
  waitForIndexedBlock,
} from '@neuromation/devkit'
import { runMarketScenario, runSaleScenario, scenarioClients } from '@neuromation/devkit/scenarios'
import * as schema from '@neuromation/indexer/schema'
import { neuroTokenAbi } from '@neuromation/sdk/abis'
import { anvilAccounts } from '@neuromation/sdk/localChain'
import { and, asc, count, createClient, desc, eq, gt, inArray, notInArray, sql } from '@ponder/client'
import autocannon from 'autocannon'
import { type Address, createPublicClient, type Hex, http, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

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
if (!Number.isInteger(rate) || rate < 1)
  throw new Error(`--rate must be a positive integer (requests per second), got ${args.rate}`)
if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`--seconds must be a positive integer, got ${args.seconds}`)

const CHAIN_ID = 31339

// GraphQL reads of the dApp before it moved to typed SQL (dapp/src/lib/tokenQueries.ts and
// purchaseQueries.ts at the time of issue 5), kept as the GraphQL workload.
const TOKEN_QUERY = `{
  tokenStats(id: "ntk") { totalSupply totalBurned holderCount }
  holders(where: { balance_gt: "0" }, orderBy: "balance", orderDirection: "desc", limit: 10) { items { address balance } }
  supplyPoints(orderBy: "timestamp", orderDirection: "asc", limit: 1000) { items { timestamp totalSupply } }
}`
const PURCHASES_QUERY =
  '{ purchases(orderBy: "timestamp", orderDirection: "desc", limit: 20) { items { id payer beneficiary phase weiAccepted refundWei tokens bonusTokens bonusBps timestamp txHash } totalCount } }'
/** A raw SQL query as @ponder/client sends it (a superjson-encoded query in ?sql=). */
const sqlParam = (query: string) => encodeURIComponent(JSON.stringify({ json: { sql: query, params: [] } }))

/**
 * The paths the dApp's typed reads request (dapp/src/hooks/useTokenIndex.ts, usePurchases.ts), built
 * with @ponder/client and the exported schema exactly as the dApp builds them, captured at fetch.
 */
async function dappSqlPaths(url: string) {
  const client = createClient(`${url}/sql`, { schema })
  const realFetch = globalThis.fetch
  const captured: string[] = []
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
    const target = new URL(input instanceof Request ? input.url : input)
    captured.push(`${target.pathname}${target.search}`)
    return realFetch(input, init)
  }) as typeof fetch
  const capture = async (reads: () => Promise<unknown>) => {
    captured.length = 0
    await reads()
    return [...captured]
  }
  try {
    const { holder, purchase, supplyPoint, tokenStats } = schema
    const token = await capture(() =>
      Promise.all([
        client.db.select().from(tokenStats).limit(1),
        client.db.select().from(holder).where(gt(holder.balance, 0n)).orderBy(desc(holder.balance)).limit(10),
        client.db
          .select({ timestamp: supplyPoint.timestamp, totalSupply: supplyPoint.totalSupply })
          .from(supplyPoint)
          .orderBy(asc(supplyPoint.timestamp), asc(supplyPoint.blockNumber), asc(supplyPoint.logIndex))
          .limit(1_000),
      ]),
    )
    const purchases = await capture(() =>
      Promise.all([
        client.db.select().from(purchase).orderBy(desc(purchase.timestamp), desc(purchase.logIndex)).limit(20),
        client.db.select({ total: count() }).from(purchase),
      ]),
    )
    // The market pages' polled reads (dapp/src/jobs/useJob.ts, useJobs.ts, useBookDepth.ts,
    // dapp/src/routes/executors/useLeaderboard.ts): a job page polls every 2 s while it is open.
    const { ask, assignment, challenge, challengeVote, executor, job, jobExclusion } = schema
    const jobId = 1n
    const jobPage = await capture(() =>
      Promise.all([
        client.db.select().from(job).where(eq(job.id, jobId)),
        client.db
          .select()
          .from(assignment)
          .where(eq(assignment.jobId, jobId))
          .orderBy(asc(assignment.firstTask), asc(assignment.id)),
        client.db.select().from(challenge).where(eq(challenge.jobId, jobId)).orderBy(asc(challenge.id)),
        client.db
          .select()
          .from(challengeVote)
          .where(eq(challengeVote.jobId, jobId))
          .orderBy(asc(challengeVote.challengeId), asc(challengeVote.committedAt), asc(challengeVote.verifier)),
        client.db
          .select()
          .from(jobExclusion)
          .where(eq(jobExclusion.jobId, jobId))
          .orderBy(asc(jobExclusion.excludedAt), asc(jobExclusion.executor)),
      ]),
    )
    const jobs = await capture(async () => {
      const [rows] = await Promise.all([
        client.db.select().from(job).orderBy(desc(job.id)).limit(20),
        client.db.select({ total: count() }).from(job),
      ])
      // What the list's status pills read of the open jobs' assignments in flight (jobPhase).
      const open = rows.filter((j) => j.status === 'Open').map((j) => j.id)
      if (open.length > 0) {
        await client.db
          .select({
            id: assignment.id,
            jobId: assignment.jobId,
            status: assignment.status,
            challengeEnd: assignment.challengeEnd,
            deadline: assignment.deadline,
          })
          .from(assignment)
          .where(
            and(inArray(assignment.jobId, open), notInArray(assignment.status, ['Settled', 'Rejected', 'Reclaimed', 'Released'])),
          )
      }
    })
    const book = await capture(() =>
      client.db
        .select({ executor: ask.executor, priceTick: ask.priceTick, capacity: ask.capacity, inFlight: ask.inFlight })
        .from(ask)
        .where(and(eq(ask.kind, 'GENERATE'), eq(ask.active, true)))
        .orderBy(asc(ask.priceTick), asc(ask.placedAt))
        .limit(1_000),
    )
    const leaderboard = await capture(() =>
      client.db
        .select()
        .from(executor)
        .where(eq(executor.registered, true))
        .orderBy(sql`${executor.computeUnitsPerSecond} desc nulls last`, asc(executor.address))
        .limit(100),
    )
    return { token, purchases, jobPage, jobs, book, leaderboard }
  } finally {
    globalThis.fetch = realFetch
  }
}

const HOSTILE_SQL =
  'select count(*) from holder a, holder b, holder c, holder d, holder e, holder f ' +
  'where length(concat(a.address, b.address, c.address, d.address, e.address, f.address)) > 0'
let nested = 'address'
for (let i = 0; i < 4; i++) nested = `address purchases { items { buyer { ${nested} } } }`
const HOSTILE_GRAPHQL = `{ buyers { items { ${nested} } } }`

/** One workload: its requests are sent in turn (a dApp view issues several reads at once). */
type Target = { name: string; requests: { method: 'GET' | 'POST'; path: string; body?: string }[] }
const gql = (query: string) => JSON.stringify({ query })
const get = (path: string) => ({ method: 'GET' as const, path })
const post = (body: string) => ({ method: 'POST' as const, path: '/graphql', body })

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]

type LoadRow = { name: string; sent: number; rps: number; p50: number; p95: number; p99: number; errors: number; non2xx: number }

/** Drives one target at `rate` req/s for `seconds`, recording every response's latency. */
async function load(url: string, target: Target): Promise<LoadRow> {
  const latencies: number[] = []
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        requests: target.requests.map((r) => ({
          method: r.method,
          path: r.path,
          body: r.body,
          headers: r.body ? { 'content-type': 'application/json' } : {},
        })),
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

type HostileRow = {
  name: string
  status: number
  answerMs: number
  message: string
  healthMaxMs: number
  healthP95Ms: number
  healthFailures: number
}

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

/**
 * The sale scenario ends with buyers C and D (anvil #4, #5) having given all their NTK to the burn
 * vault, and the market scenario stakes with #4 and posts its jobs from #5: buyer B (#3), who kept
 * over a million, gives each 10,000 NTK.
 */
async function fundMarketAccounts(rpcUrl: string, chainId: number, token: Address) {
  const { send } = scenarioClients(rpcUrl, chainId)
  const buyerB = privateKeyToAccount(anvilAccounts[3].privateKey as Hex)
  for (const index of [4, 5]) {
    await send(buyerB, token, neuroTokenAbi, 'transfer', [anvilAccounts[index].address, parseEther('10000')])
  }
}

const ms = (value: number) => `${value.toFixed(1)} ms`

async function main() {
  let anvil: Anvil | undefined
  let indexer: Indexer | undefined
  let postgres: PostgresServer | undefined
  const pgliteRoot = args.db === 'pglite' ? mkdtempSync(join(tmpdir(), 'neuro-bench-')) : undefined
  try {
    anvil = await startAnvil({ port: await freePort(), args: ['--chain-id', String(CHAIN_ID), '--balance', '100000'] })
    const deployment = await deploy({ rpcUrl: anvil.rpcUrl })
    const codegen = await run(process.execPath, ['--import', 'tsx', 'script/codegen.ts'], { cwd: repoRoot })
    if (codegen.code !== 0) throw new Error(`codegen failed:\n${codegen.output}`)
    // TEST_DATABASE_URL names another server; by default a throwaway PostgreSQL from npm.
    const given = process.env.TEST_DATABASE_URL?.trim()
    postgres =
      args.db === 'postgres' && !given
        ? await startPostgres({ logFile: join(repoRoot, '.data', 'logs', 'bench-postgres.log') })
        : undefined
    const databaseUrl = args.db === 'postgres' ? (given ?? (await postgres?.createDatabase('neuro_bench'))) : undefined
    indexer = await startIndexer({
      chainId: CHAIN_ID,
      rpcUrl: anvil.rpcUrl,
      port: await freePort(),
      schema: `bench_${Date.now().toString(36)}`,
      databaseUrl,
      pgliteDir: pgliteRoot && join(pgliteRoot, 'pglite'),
    })
    await runSaleScenario(anvil.rpcUrl, deployment)
    await fundMarketAccounts(anvil.rpcUrl, deployment.chainId, deployment.contracts.NeuroToken as Address)
    const market = await runMarketScenario(anvil.rpcUrl, deployment)
    await waitForIndexedBlock(indexer, CHAIN_ID, market.lastBlock, 120_000)
    const client = createPublicClient({ transport: http(anvil.rpcUrl) })
    console.log(
      `indexer (${args.db}) at ${indexer.url}, chain ${CHAIN_ID} at block ${await client.getBlockNumber()}; ${rate} req/s for ${seconds} s per route; ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')} on ${availableParallelism()} cores\n`,
    )

    const dapp = await dappSqlPaths(indexer.url)
    const targets: Target[] = [
      // No database and no work: what this machine gives any HTTP route right now (a loaded
      // machine shows here first; the other rows are only as good as this one).
      { name: 'baseline: GET /health', requests: [get('/health')] },
      { name: 'GET /api/sale', requests: [get('/api/sale')] },
      { name: 'GET /api/token', requests: [get('/api/token')] },
      { name: 'dApp token page, SQL (3 reads)', requests: dapp.token.map(get) },
      { name: 'dApp purchases, SQL (2 reads)', requests: dapp.purchases.map(get) },
      { name: 'GraphQL token page', requests: [post(gql(TOKEN_QUERY))] },
      { name: 'GraphQL recent purchases', requests: [post(gql(PURCHASES_QUERY))] },
      { name: 'GET /api/market', requests: [get('/api/market')] },
      { name: 'GET /api/market/book/GENERATE', requests: [get('/api/market/book/GENERATE')] },
      { name: 'GET /api/executors', requests: [get('/api/executors?sort=stake')] },
      { name: 'GET /api/jobs/1', requests: [get('/api/jobs/1')] },
      { name: 'dApp job page, SQL (5 reads)', requests: dapp.jobPage.map(get) },
      { name: 'dApp jobs list, SQL (3 reads)', requests: dapp.jobs.map(get) },
      { name: 'dApp ask book, SQL (1 read)', requests: dapp.book.map(get) },
      { name: 'dApp leaderboard, SQL (1 read)', requests: dapp.leaderboard.map(get) },
    ]
    // Warm up each request once (first GraphQL build, first SQL plan) before measuring.
    for (const target of targets) {
      for (const r of target.requests) {
        const res = await fetch(`${indexer.url}${r.path}`, {
          method: r.method,
          body: r.body,
          headers: { 'content-type': 'application/json' },
        })
        if (!res.ok)
          throw new Error(
            `${target.name}: ${r.method} ${r.path.slice(0, 80)} answered ${res.status}: ${(await res.text()).slice(0, 300)}`,
          )
      }
    }
    const rows: LoadRow[] = []
    for (const target of targets) rows.push(await load(indexer.url, target))

    const hostileRows = [
      await hostile(indexer.url, 'six-way self-join over /sql', () =>
        fetch(`${indexer!.url}/sql/db?sql=${sqlParam(HOSTILE_SQL)}`),
      ),
      await hostile(indexer.url, 'buyer->purchases->buyer x4 (GraphQL)', () =>
        fetch(`${indexer!.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: gql(HOSTILE_GRAPHQL),
        }),
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
