import type { Context } from 'ponder:registry'
import { burnEpoch, burnSchedule } from 'ponder:schema'

/** The id of the burn_schedule singleton row. */
export const BURN_SCHEDULE_ID = 'burn-schedule'

/**
 * Fills the burn_schedule row (leftover recipient, nothing owed yet) and the burnEpoch rows
 * (dueAt, rateBps) from the contract at the schedule's first event. The schedule and recipient
 * are fixed at construction, so reading them once is enough; a setup handler cannot do it because
 * the contract does not exist yet at the start block.
 */
export async function ensureBurnSchedule(context: Context, timestamp: bigint): Promise<void> {
  if (await context.db.find(burnSchedule, { id: BURN_SCHEDULE_ID })) return
  const { abi, address } = context.contracts.BurnSchedule
  const [epochs, leftoverRecipient] = await Promise.all([
    context.client.readContract({ abi, address, functionName: 'epochs' }),
    context.client.readContract({ abi, address, functionName: 'leftoverRecipient' }),
  ])
  await context.db
    .insert(burnSchedule)
    .values({
      id: BURN_SCHEDULE_ID,
      address,
      leftoverRecipient,
      epochCount: epochs.length,
      // Only executed epochs owe anything, and each execution's event sets this.
      shortfall: 0n,
      shortfallSettled: 0n,
      leftoverReleased: 0n,
      updatedAt: timestamp,
    })
    .onConflictDoNothing()
  await context.db
    .insert(burnEpoch)
    .values(
      epochs.map((e, index) => ({
        epoch: index,
        dueAt: e.time,
        rateBps: e.rateBps,
        // Executed epochs are filled by the EpochExecuted handler, which always follows.
        executed: false,
      })),
    )
    .onConflictDoNothing()
}
