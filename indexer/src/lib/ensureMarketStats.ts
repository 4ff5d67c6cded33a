import type { Context } from 'ponder:registry'
import { marketStats } from 'ponder:schema'

export const MARKET_STATS_ID = 'market'

/** The marketStats singleton; created empty at the market's first event. */
export async function ensureMarketStats(context: Context, timestamp: bigint) {
  const existing = await context.db.find(marketStats, { id: MARKET_STATS_ID })
  if (existing) return existing
  return context.db.insert(marketStats).values({
    id: MARKET_STATS_ID,
    jobCount: 0,
    assignmentCount: 0,
    tasksPosted: 0n,
    tasksSettled: 0n,
    totalPaid: 0n,
    totalFees: 0n,
    totalSlashed: 0n,
    feesToTreasury: 0n,
    feesToBurnVault: 0n,
    burnShareBps: null,
    treasury: null,
    updatedAt: timestamp,
  })
}
