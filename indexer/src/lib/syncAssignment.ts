import type { Context } from 'ponder:registry'
import { assignment, executor } from 'ponder:schema'
import { marketEnums } from '@neuromation/sdk'
import { zeroHash } from 'viem'

/**
 * Brings assignment `assignmentId`'s row in line with JobMarket.getAssignment at the event's
 * block (status, commitment, root, challenge end). When it reaches a final state for the first
 * time, its executor has one active assignment less. Returns the row, or undefined when the
 * assignment was not indexed (it always is: TasksAssigned comes first).
 */
export async function syncAssignment(context: Context, assignmentId: bigint, timestamp: bigint) {
  const row = await context.db.find(assignment, { id: assignmentId })
  if (!row) return undefined
  const market = context.contracts.JobMarket
  const state = await context.client.readContract({
    abi: market.abi,
    address: market.address as `0x${string}`,
    functionName: 'getAssignment',
    args: [assignmentId],
  })
  const status = marketEnums.name('assignmentStatus', state.status)
  // Read before the update: Ponder's store can hand out its cached row, which the update changes
  // in place (so `row.status` afterwards is already the new status, and no end was ever counted).
  const wasFinal = marketEnums.isFinalAssignment(row.status)
  const updated = await context.db.update(assignment, { id: assignmentId }).set({
    status,
    commitment: state.commitment === zeroHash ? row.commitment : state.commitment,
    root: state.root === zeroHash ? row.root : state.root,
    challengeEnd: state.challengeEnd > 0n ? BigInt(state.challengeEnd) : row.challengeEnd,
    updatedAt: timestamp,
  })
  if (!wasFinal && marketEnums.isFinalAssignment(status)) {
    await context.db
      .update(executor, { address: row.executor })
      .set((current) => ({ activeAssignments: Math.max(0, current.activeAssignments - 1), updatedAt: timestamp }))
  }
  return updated
}
