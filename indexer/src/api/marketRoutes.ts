// JSON routes for the compute market (the dApp's Jobs and Executors pages): the ask book's depth by
// price level, the executors' leaderboard, one executor, one job with its assignment grid, and the
// market's totals. Every route answers from the per-checkpoint cache (index.ts passes `cached`,
// keyed by the parsed parameters), every list is bounded (?limit= / ?levels= at most MAX_LIST; a
// job's lists at MAX_JOB_ROWS, its assignments paged with ?offset=) and says in `truncated` when it
// was cut, bad parameters get a 400 that says what to send.
import { db } from 'ponder:api'
import schema from 'ponder:schema'
import { Hono } from 'hono'
import { and, asc, desc, eq, inArray, sql } from 'ponder'
import { boundedRows } from './boundedRows'
import type { CachedResponse } from './createBlockCache'
import type { CachedRoute } from './createCachedRoute'
import { parseAddress } from './parseAddress'
import { marketJobKinds, parseJobKind } from './parseJobKind'

export type MarketRouteHelpers = {
  /** Serves a route from the per-checkpoint cache, keyed by its parsed parameters. */
  cached: CachedRoute
  /** A JSON answer (bigints as decimal strings). */
  json: (status: number, body: unknown) => CachedResponse
  /** Parses ?limit= style integers in [1, maxList]; undefined when invalid. */
  parseLimit: (raw: string | undefined, fallback: number) => number | undefined
  maxList: number
}

/** Wei of NTK per compute unit per price tick (IJobMarket.PRICE_TICK). */
const PRICE_TICK = 10n ** 9n

/** Leaderboard orderings: ?sort= name -> columns (best first; address breaks ties). */
const leaderboardSorts = {
  stake: [desc(schema.executor.stake)],
  earnings: [desc(schema.executor.earnings)],
  completed: [desc(schema.executor.tasksCompleted)],
  reliability: [asc(schema.executor.tasksFailed), asc(schema.executor.timesSlashed), desc(schema.executor.tasksCompleted)],
  price: [sql`${schema.executor.askPriceTick} asc nulls last`],
  throughput: [sql`${schema.executor.computeUnitsPerSecond} desc nulls last`],
} as const
type LeaderboardSort = keyof typeof leaderboardSorts

/**
 * Most rows of each list /api/jobs/:id returns: assignments one page at a time (?offset=, in task
 * order), groups, challenges, their verifiers and slashes their first MAX_JOB_ROWS (`truncated`
 * says when cut).
 */
const MAX_JOB_ROWS = 1_000

const parseId = (raw: string | undefined) => (raw && /^[1-9][0-9]{0,19}$/.test(raw) ? BigInt(raw) : undefined)
/** ?offset= as an integer from 0 (the default); undefined when it is not one. */
const parseOffset = (raw: string | undefined) => {
  if (raw === undefined) return 0
  return /^(0|[1-9][0-9]{0,14})$/.test(raw) ? Number(raw) : undefined
}

export function marketRoutes({ cached, json, parseLimit, maxList }: MarketRouteHelpers) {
  const app = new Hono()

  app.get(
    '/api/market',
    cached(
      'market',
      () => ({ params: {} }),
      async () => {
        const [[stats], kinds] = await Promise.all([
          db.select().from(schema.marketStats).where(eq(schema.marketStats.id, 'market')),
          db.select().from(schema.marketKind).orderBy(asc(schema.marketKind.kind)),
        ])
        // Before the market's first event the totals are zero, not an error: the page shows an empty market.
        return json(200, { stats: stats ?? null, kinds, priceTick: PRICE_TICK })
      },
    ),
  )

  app.get(
    '/api/market/book/:kind',
    cached(
      'book',
      (c) => {
        const kind = parseJobKind(c.req.param('kind'))
        if (!kind) {
          return {
            error: json(400, {
              error: `"${c.req.param('kind')}" is not a job kind: use one of ${marketJobKinds.join(', ')} (or its index 0-${marketJobKinds.length - 1})`,
            }),
          }
        }
        const levels = parseLimit(c.req.query('levels'), 20)
        if (levels === undefined) return { error: json(400, { error: `levels must be an integer from 1 to ${maxList}` }) }
        return { params: { kind, levels } }
      },
      async ({ kind, levels }) => {
        const a = schema.ask
        // One row per price level, cheapest first: what a job posted now would meet.
        const rows = await db
          .select({
            priceTick: a.priceTick,
            asks: sql<number>`count(*)::int`,
            capacity: sql<string>`sum(${a.capacity})::text`,
            inFlight: sql<string>`sum(${a.inFlight})::text`,
            available: sql<string>`sum(greatest(${a.capacity} - ${a.inFlight}, 0))::text`,
          })
          .from(a)
          .where(and(eq(a.kind, kind), eq(a.active, true)))
          .groupBy(a.priceTick)
          .orderBy(asc(a.priceTick))
          .limit(levels)
        let cumulative = 0n
        const depth = rows.map((row) => {
          cumulative += BigInt(row.available)
          return {
            priceTick: row.priceTick,
            pricePerUnit: BigInt(row.priceTick) * PRICE_TICK,
            asks: Number(row.asks),
            capacity: BigInt(row.capacity),
            inFlight: BigInt(row.inFlight),
            /** Tasks the level can take now (capacity not in flight). */
            available: BigInt(row.available),
            /** Tasks the book can take now at this price or cheaper. */
            cumulativeAvailable: cumulative,
          }
        })
        return json(200, { kind, levels: depth, bestPriceTick: depth[0]?.priceTick ?? null })
      },
    ),
  )

  app.get(
    '/api/executors',
    cached(
      'executors',
      (c) => {
        const limit = parseLimit(c.req.query('limit'), 50)
        if (limit === undefined) return { error: json(400, { error: `limit must be an integer from 1 to ${maxList}` }) }
        const sort = c.req.query('sort') ?? 'stake'
        if (!Object.hasOwn(leaderboardSorts, sort)) {
          return { error: json(400, { error: `sort must be one of ${Object.keys(leaderboardSorts).join(', ')}` }) }
        }
        return { params: { sort: sort as LeaderboardSort, limit } }
      },
      async ({ sort, limit }) => {
        const e = schema.executor
        const executors = await db
          .select()
          .from(e)
          .where(eq(e.registered, true))
          .orderBy(...leaderboardSorts[sort], asc(e.address))
          .limit(limit)
        return json(200, { sort, executors })
      },
    ),
  )

  app.get(
    '/api/executors/:address',
    cached(
      'executor',
      (c) => {
        const { address, error } = parseAddress(c.req.param('address') ?? '')
        return error !== undefined ? { error: json(400, { error }) } : { params: { address } }
      },
      async (params) => {
        const address = params.address as `0x${string}`
        const [[node], asks, assignments, stakeEvents, balances] = await Promise.all([
          db.select().from(schema.executor).where(eq(schema.executor.address, address)),
          db.select().from(schema.ask).where(eq(schema.ask.executor, address)).orderBy(asc(schema.ask.kind)),
          db
            .select()
            .from(schema.assignment)
            .where(eq(schema.assignment.executor, address))
            .orderBy(desc(schema.assignment.id))
            .limit(maxList),
          db
            .select()
            .from(schema.stakeEvent)
            .where(eq(schema.stakeEvent.node, address))
            .orderBy(desc(schema.stakeEvent.blockNumber), desc(schema.stakeEvent.logIndex))
            .limit(maxList),
          db
            .select({ type: schema.payout.type, total: sql<string>`sum(${schema.payout.amount})::text` })
            .from(schema.payout)
            .where(and(eq(schema.payout.account, address), inArray(schema.payout.type, ['credit', 'withdrawal'])))
            .groupBy(schema.payout.type),
        ])
        const total = (type: string) => BigInt(balances.find((b) => b.type === type)?.total ?? '0')
        // An address that never registered is not an error for the dApp: "my node" offers registration.
        return json(200, {
          address,
          executor: node ?? null,
          asks,
          assignments,
          stakeEvents,
          /** Credited minus withdrawn: what JobMarket.credits(address) holds. */
          withdrawable: total('credit') - total('withdrawal'),
        })
      },
    ),
  )

  app.get(
    '/api/jobs/:id',
    cached(
      'job',
      (c) => {
        const id = parseId(c.req.param('id'))
        if (id === undefined) {
          return {
            error: json(400, { error: `"${c.req.param('id')}" is not a job id: expected a positive integer (ids start at 1)` }),
          }
        }
        const offset = parseOffset(c.req.query('offset'))
        if (offset === undefined) {
          return { error: json(400, { error: 'offset must be a non-negative integer (the nextOffset of the previous page)' }) }
        }
        return { params: { id, offset } }
      },
      async ({ id, offset }) => {
        const [found] = await db.select().from(schema.job).where(eq(schema.job.id, id))
        if (!found) return json(404, { error: `Job ${id} has not been posted (or not indexed yet; GET /status)` })
        const a = schema.assignment
        const rows = MAX_JOB_ROWS + 1
        const [assignmentRows, statusRows, groupRows, challengeRows, verifierRows, slashRows, exclusions] = await Promise.all([
          db.select().from(a).where(eq(a.jobId, id)).orderBy(asc(a.firstTask), asc(a.id)).limit(rows).offset(offset),
          // Counted in the database: the progress covers every assignment, not only this page.
          db
            .select({ status: a.status, tasks: sql<string>`sum(${a.taskCount})::text` })
            .from(a)
            .where(eq(a.jobId, id))
            .groupBy(a.status)
            .orderBy(asc(a.status)),
          db.select().from(schema.jobGroup).where(eq(schema.jobGroup.jobId, id)).orderBy(asc(schema.jobGroup.id)).limit(rows),
          db.select().from(schema.challenge).where(eq(schema.challenge.jobId, id)).orderBy(asc(schema.challenge.id)).limit(rows),
          db
            .select()
            .from(schema.challengeVote)
            .where(eq(schema.challengeVote.jobId, id))
            .orderBy(
              asc(schema.challengeVote.challengeId),
              asc(schema.challengeVote.committedAt),
              asc(schema.challengeVote.verifier),
            )
            .limit(rows),
          db
            .select()
            .from(schema.slash)
            .where(eq(schema.slash.jobId, id))
            .orderBy(asc(schema.slash.blockNumber), asc(schema.slash.logIndex))
            .limit(rows),
          // One per executor that failed the job: few, and bounded by the staked executors.
          db
            .select()
            .from(schema.jobExclusion)
            .where(eq(schema.jobExclusion.jobId, id))
            .orderBy(asc(schema.jobExclusion.excludedAt), asc(schema.jobExclusion.executor)),
        ])
        const assignments = boundedRows(assignmentRows, MAX_JOB_ROWS)
        const groups = boundedRows(groupRows, MAX_JOB_ROWS)
        const challenges = boundedRows(challengeRows, MAX_JOB_ROWS)
        const verifiers = boundedRows(verifierRows, MAX_JOB_ROWS)
        const slashes = boundedRows(slashRows, MAX_JOB_ROWS)
        // Task replicas per assignment status: the grid's legend and the job's progress bar.
        const tasksByStatus: Record<string, number> = {}
        for (const row of statusRows) tasksByStatus[row.status] = Number(row.tasks)
        const replicas = found.taskCount * found.replication
        return json(200, {
          job: found,
          progress: {
            tasks: found.taskCount,
            replicas,
            accepted: found.tasksAccepted,
            settled: found.tasksSettled,
            unassigned: found.tasksUnassigned,
            /** tasksAccepted / taskCount in basis points. */
            acceptedBps: found.taskCount === 0 ? 0 : Math.floor((found.tasksAccepted * 10_000) / found.taskCount),
            tasksByStatus,
          },
          assignments: assignments.items,
          /** The ?offset= of the next page of assignments; null on the last page. */
          nextOffset: assignments.truncated ? offset + MAX_JOB_ROWS : null,
          groups: groups.items,
          challenges: challenges.items,
          /** The challenges' verifier candidates (challengeVote rows: status, commitment, reveal), by challenge. */
          verifiers: verifiers.items,
          slashes: slashes.items,
          /** Executors the market never matches to this job again (declined, missed a deadline, disproved or outvoted). */
          exclusions,
          /** Which lists were cut at `listLimit` rows (assignments: this page; follow nextOffset). */
          truncated: {
            assignments: assignments.truncated,
            groups: groups.truncated,
            challenges: challenges.truncated,
            verifiers: verifiers.truncated,
            slashes: slashes.truncated,
          },
          listLimit: MAX_JOB_ROWS,
        })
      },
    ),
  )

  return app
}
