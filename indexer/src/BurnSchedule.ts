// Buy-back-and-burn: the epoch schedule, each execution's outcome, what stays owed (shortfalls
// carry forward), its settlements, the vault's funding and the leftover released after the end.
import type { Context } from 'ponder:registry'
import { ponder } from 'ponder:registry'
import { burn, burnEpoch, burnSchedule, leftoverRelease, shortfallSettlement, vaultFunding } from 'ponder:schema'
import { BURN_SCHEDULE_ID, ensureBurnSchedule } from './lib/ensureBurnSchedule'
import { eventKey } from './lib/eventKey'

type LogRef = { transaction: { hash: `0x${string}` }; log: { logIndex: number } }

/**
 * The burn (Transfer to zero) a BurnSchedule event reports. The contract burns immediately before
 * emitting, and the Transfer handler runs first, so it is the log right before this one in the
 * same transaction; anything else means the indexer and the contract disagree, which must stop
 * indexing rather than record wrong burns.
 */
async function burnBefore(context: Context, event: LogRef, burned: bigint, what: string): Promise<string> {
  const burnId = `${event.transaction.hash}-${event.log.logIndex - 1}`
  const row = await context.db.find(burn, { id: burnId })
  if (row?.source !== 'burn-schedule' || row.amount !== burned) {
    throw new Error(
      `${what} burned ${burned} but log ${burnId} is not that burn (found ${row ? `${row.source} ${row.amount}` : 'none'})`,
    )
  }
  return burnId
}

ponder.on('BurnSchedule:VaultFunded', async ({ event, context }) => {
  await ensureBurnSchedule(context, event.block.timestamp)
  await context.db
    .insert(vaultFunding)
    .values({
      id: eventKey(event),
      from: event.args.from,
      amount: event.args.amount,
      timestamp: event.block.timestamp,
      blockNumber: event.block.number,
      txHash: event.transaction.hash,
    })
    .onConflictDoNothing()
})

ponder.on('BurnSchedule:EpochExecuted', async ({ event, context }) => {
  const { target, burned, shortfall, totalSupplyAfter } = event.args
  const epoch = Number(event.args.epoch)
  await ensureBurnSchedule(context, event.block.timestamp)
  await context.db.update(burnEpoch, { epoch }).set({
    executed: true,
    executedAt: event.block.timestamp,
    target,
    burned,
    // The total still owed after this epoch (earlier shortfall included), not this epoch's gap.
    shortfall,
    totalSupplyAfter,
    txHash: event.transaction.hash,
  })
  await context.db.update(burnSchedule, { id: BURN_SCHEDULE_ID }).set({ shortfall, updatedAt: event.block.timestamp })

  if (burned === 0n) return
  const burnId = await burnBefore(context, event, burned, `EpochExecuted(${epoch})`)
  await context.db.update(burn, { id: burnId }).set({ epoch })
})

ponder.on('BurnSchedule:ShortfallSettled', async ({ event, context }) => {
  const { burned, shortfall, totalSupplyAfter, caller } = event.args
  await ensureBurnSchedule(context, event.block.timestamp)
  const id = eventKey(event)
  await context.db
    .insert(shortfallSettlement)
    .values({
      id,
      burned,
      owedAfter: shortfall,
      totalSupplyAfter,
      caller,
      timestamp: event.block.timestamp,
      blockNumber: event.block.number,
      txHash: event.transaction.hash,
    })
    .onConflictDoNothing()
  await context.db.update(burnSchedule, { id: BURN_SCHEDULE_ID }).set((row) => ({
    shortfall,
    shortfallSettled: row.shortfallSettled + burned,
    updatedAt: event.block.timestamp,
  }))
  // settleShortfall reverts when there is nothing to burn, so every settlement has its burn.
  const burnId = await burnBefore(context, event, burned, 'ShortfallSettled')
  await context.db.update(burn, { id: burnId }).set({ settlementId: id })
})

ponder.on('BurnSchedule:LeftoverReleased', async ({ event, context }) => {
  const { recipient, amount, caller } = event.args
  await ensureBurnSchedule(context, event.block.timestamp)
  await context.db
    .insert(leftoverRelease)
    .values({
      id: eventKey(event),
      recipient,
      amount,
      caller,
      timestamp: event.block.timestamp,
      blockNumber: event.block.number,
      txHash: event.transaction.hash,
    })
    .onConflictDoNothing()
  await context.db.update(burnSchedule, { id: BURN_SCHEDULE_ID }).set((row) => ({
    leftoverReleased: row.leftoverReleased + amount,
    updatedAt: event.block.timestamp,
  }))
})
