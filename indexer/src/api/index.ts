// HTTP API: Ponder's GraphQL (at / and /graphql), SQL over HTTP for @ponder/client (/sql/*),
// and JSON routes for the dApp's summary views. Amounts are decimal strings (wei / token units).
import { db } from 'ponder:api'
import schema from 'ponder:schema'
import { Hono, type Context } from 'hono'
import { asc, client, desc, eq, graphql, replaceBigInts } from 'ponder'
import { isAddress } from 'viem'

const app = new Hono()

app.use('/sql/*', client({ db, schema }))
app.use('/', graphql({ db, schema }))
app.use('/graphql', graphql({ db, schema }))

const BPS = 10_000n
const MAX_LIST = 100

/** JSON with every bigint as a decimal string (JSON has no bigint). */
const json = (c: Context, body: unknown, status: 200 | 400 | 503 = 200) =>
  c.json(replaceBigInts(body as object, (v) => v.toString()) as object, status)

const notIndexed = (c: Context, what: string) =>
  json(c, { error: `${what} has not been indexed yet; retry once the indexer has caught up (GET /status)` }, 503)

/** Parses ?limit= as an integer in [1, MAX_LIST]; undefined when it is not one. */
function parseLimit(raw: string | undefined, fallback: number): number | undefined {
  if (raw === undefined) return fallback
  const value = Number(raw)
  return Number.isInteger(value) && value >= 1 && value <= MAX_LIST ? value : undefined
}

app.get('/api/sale', async (c) => {
  const [stats] = await db.select().from(schema.saleStats).where(eq(schema.saleStats.id, 'sale'))
  if (!stats) return notIndexed(c, 'The token sale')
  const remainingTokens = stats.hardCapTokens - stats.tokensSold
  return json(c, {
    ...stats,
    progress: {
      /** tokensSold / hardCapTokens in basis points, rounded down. */
      soldBps: Number((stats.tokensSold * BPS) / stats.hardCapTokens),
      remainingTokens,
      soldOut: remainingTokens === 0n,
      capRevealed: stats.revealedCapWei !== null,
    },
  })
})

app.get('/api/token', async (c) => {
  const limit = parseLimit(c.req.query('holders'), 10)
  if (limit === undefined) return json(c, { error: `holders must be an integer from 1 to ${MAX_LIST}` }, 400)
  const [stats] = await db.select().from(schema.tokenStats).where(eq(schema.tokenStats.id, 'ntk'))
  if (!stats) return notIndexed(c, 'The token')
  const [supplyHistory, burnEpochs, burns, topHolders, genesis] = await Promise.all([
    db.select().from(schema.supplyPoint).orderBy(asc(schema.supplyPoint.blockNumber), asc(schema.supplyPoint.logIndex)),
    db.select().from(schema.burnEpoch).orderBy(asc(schema.burnEpoch.epoch)),
    db.select().from(schema.burn).orderBy(asc(schema.burn.blockNumber), asc(schema.burn.logIndex)),
    db
      .select()
      .from(schema.holder)
      .orderBy(desc(schema.holder.balance), asc(schema.holder.address))
      .limit(limit),
    db.select().from(schema.genesisAllocation).orderBy(desc(schema.genesisAllocation.amount)),
  ])
  return json(c, { ...stats, supplyHistory, burnEpochs, burns, topHolders, genesisAllocations: genesis })
})

app.get('/api/buyers/:address', async (c) => {
  const raw = c.req.param('address')
  // Any casing is accepted (checksummed or not); rows store addresses lower-cased.
  if (!isAddress(raw, { strict: false })) {
    return json(c, { error: `"${raw}" is not an address: expected 0x followed by 40 hex digits` }, 400)
  }
  const address = raw.toLowerCase() as `0x${string}`
  const [buyer] = await db.select().from(schema.buyer).where(eq(schema.buyer.address, address))
  const purchases = buyer
    ? await db
        .select()
        .from(schema.purchase)
        .where(eq(schema.purchase.beneficiary, address))
        .orderBy(desc(schema.purchase.blockNumber), desc(schema.purchase.logIndex))
    : []
  // An address that never bought is not an error for the dApp: it shows an empty history.
  return json(c, { address, buyer: buyer ?? null, purchases })
})

export default app
