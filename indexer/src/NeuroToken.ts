// NTK: balances and holder count, supply history (mints at genesis, every burn) and burns by source.
import { type Context, ponder } from 'ponder:registry'
import { burn, genesisAllocation, holder, supplyPoint, tokenStats } from 'ponder:schema'
import { type Address, hexToString, isAddressEqual, zeroAddress } from 'viem'
import { ensureTokenStats, TOKEN_STATS_ID } from './lib/ensureTokenStats'
import { eventKey } from './lib/eventKey'

/** What a burn was: the sale's unsold tokens, a scheduled buy-back burn, or a holder's own. */
function burnSource(context: Context, from: Address): 'sale-finalize' | 'burn-schedule' | 'holder' {
  if (isAddressEqual(from, context.contracts.TokenSale.address)) return 'sale-finalize'
  if (isAddressEqual(from, context.contracts.BurnSchedule.address)) return 'burn-schedule'
  return 'holder'
}

/** Applies `delta` to `account`'s balance; returns the change in the number of non-zero holders. */
async function moveBalance(context: Context, account: Address, delta: bigint, timestamp: bigint): Promise<number> {
  const before = (await context.db.find(holder, { address: account }))?.balance ?? 0n
  const after = before + delta
  if (after < 0n) {
    // Ponder replays the chain in order, so this means missed events (wrong startBlock or address).
    throw new Error(`NTK balance of ${account} would go negative (${before} + ${delta}); events are missing`)
  }
  // A zero-value transfer to a new address creates no holder row.
  if (delta === 0n && before === 0n) return 0
  await context.db
    .insert(holder)
    .values({ address: account, balance: after, updatedAt: timestamp })
    .onConflictDoUpdate({ balance: after, updatedAt: timestamp })
  if (before === 0n && after > 0n) return 1
  if (before > 0n && after === 0n) return -1
  return 0
}

ponder.on('NeuroToken:Transfer', async ({ event, context }) => {
  const { from, to, value } = event.args
  const timestamp = event.block.timestamp
  const isMint = isAddressEqual(from, zeroAddress)
  const isBurn = isAddressEqual(to, zeroAddress)

  const stats = await ensureTokenStats(context, timestamp)
  let holderDelta = 0
  if (!isMint) holderDelta += await moveBalance(context, from, -value, timestamp)
  if (!isBurn) holderDelta += await moveBalance(context, to, value, timestamp)

  const supplyDelta = isMint ? value : isBurn ? -value : 0n
  const totalSupply = stats.totalSupply + supplyDelta
  const vault = context.contracts.BurnSchedule.address
  const vaultDelta = (isAddressEqual(to, vault) ? value : 0n) - (isAddressEqual(from, vault) ? value : 0n)
  await context.db.update(tokenStats, { id: TOKEN_STATS_ID }).set({
    totalSupply,
    totalBurned: stats.totalBurned + (isBurn ? value : 0n),
    holderCount: stats.holderCount + holderDelta,
    vaultBalance: stats.vaultBalance + vaultDelta,
    updatedAt: timestamp,
  })

  if (supplyDelta !== 0n) {
    await context.db
      .insert(supplyPoint)
      .values({
        blockNumber: event.block.number,
        logIndex: event.log.logIndex,
        timestamp,
        totalSupply,
        delta: supplyDelta,
      })
      .onConflictDoNothing()
  }

  if (isBurn) {
    await context.db
      .insert(burn)
      .values({
        id: eventKey(event),
        from,
        amount: value,
        source: burnSource(context, from),
        // BurnSchedule emits EpochExecuted or ShortfallSettled right after this Transfer; those
        // handlers link the burn to its epoch or settlement.
        epoch: null,
        settlementId: null,
        blockNumber: event.block.number,
        logIndex: event.log.logIndex,
        timestamp,
        txHash: event.transaction.hash,
      })
      .onConflictDoNothing()
  }
})

ponder.on('NeuroToken:GenesisAllocated', async ({ event, context }) => {
  const { recipient, amount, purpose } = event.args
  await context.db
    .insert(genesisAllocation)
    .values({ recipient, amount, purpose: hexToString(purpose, { size: 32 }) })
    .onConflictDoUpdate({ amount, purpose: hexToString(purpose, { size: 32 }) })
})
