import type { Context } from 'ponder:registry'
import { tokenStats } from 'ponder:schema'

export const TOKEN_STATS_ID = 'ntk'

/** The tokenStats singleton; created empty at the token's first event (the genesis mint). */
export async function ensureTokenStats(context: Context, timestamp: bigint) {
  const existing = await context.db.find(tokenStats, { id: TOKEN_STATS_ID })
  if (existing) return existing
  return context.db.insert(tokenStats).values({
    id: TOKEN_STATS_ID,
    address: context.contracts.NeuroToken.address,
    totalSupply: 0n,
    totalBurned: 0n,
    holderCount: 0,
    updatedAt: timestamp,
    vaultBalance: 0n,
  })
}
