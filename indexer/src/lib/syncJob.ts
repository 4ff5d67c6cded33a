import type { Context } from 'ponder:registry'
import { job } from 'ponder:schema'
import { marketEnums } from '@neuromation/sdk'

/**
 * Brings job `jobId`'s row in line with JobMarket.getJob at the event's block: escrow still held,
 * status and the task counters. Matching, reopening and refunds move these inside the contract
 * without an event per change, so the chain is the source, not a replay of events.
 */
export async function syncJob(context: Context, jobId: bigint, timestamp: bigint) {
  const market = context.contracts.JobMarket
  const state = await context.client.readContract({
    abi: market.abi,
    address: market.address as `0x${string}`,
    functionName: 'getJob',
    args: [jobId],
  })
  await context.db.update(job, { id: jobId }).set({
    escrow: state.escrow,
    status: marketEnums.name('jobStatus', state.status),
    tasksUnassigned: Number(state.tasksUnassigned),
    tasksAccepted: Number(state.tasksAccepted),
    openAssignments: Number(state.openAssignments),
    updatedAt: timestamp,
  })
}
