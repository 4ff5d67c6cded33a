import type { Context } from 'ponder:registry'
import { burnEpoch } from 'ponder:schema'

/**
 * Fills the burnEpoch rows (dueAt, rateBps) from BurnSchedule.epochs() at the schedule's first
 * event. The schedule is fixed at construction, so reading it once is enough; a setup handler
 * cannot do it because the contract does not exist yet at the start block.
 */
export async function ensureBurnSchedule(context: Context): Promise<void> {
  if (await context.db.find(burnEpoch, { epoch: 0 })) return
  const { abi, address } = context.contracts.BurnSchedule
  const epochs = await context.client.readContract({ abi, address, functionName: 'epochs' })
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
