// Buy-back-and-burn: the epoch schedule, each execution's outcome and the vault's funding.
import { ponder } from 'ponder:registry'
import { burn, burnEpoch, vaultFunding } from 'ponder:schema'
import { ensureBurnSchedule } from './lib/ensureBurnSchedule'
import { eventKey } from './lib/eventKey'

ponder.on('BurnSchedule:VaultFunded', async ({ event, context }) => {
  await ensureBurnSchedule(context)
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
  await ensureBurnSchedule(context)
  await context.db.update(burnEpoch, { epoch }).set({
    executed: true,
    executedAt: event.block.timestamp,
    target,
    burned,
    shortfall,
    totalSupplyAfter,
    txHash: event.transaction.hash,
  })

  if (burned === 0n) return
  // executeEpoch burns (Transfer to zero, handled first) immediately before emitting this event,
  // so the burn is the log right before this one in the same transaction.
  const burnId = `${event.transaction.hash}-${event.log.logIndex - 1}`
  const row = await context.db.find(burn, { id: burnId })
  if (!row || row.source !== 'burn-schedule' || row.amount !== burned) {
    throw new Error(
      `EpochExecuted(${epoch}) burned ${burned} but log ${burnId} is not that burn (found ${row ? `${row.source} ${row.amount}` : 'none'})`,
    )
  }
  await context.db.update(burn, { id: burnId }).set({ epoch })
})
