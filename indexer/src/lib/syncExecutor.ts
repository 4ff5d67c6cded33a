import type { Context } from 'ponder:registry'
import { executor } from 'ponder:schema'
import { marketEnums } from '@neuromation/sdk'

/**
 * Brings `node`'s executor row in line with NodeRegistry.getNode at the event's block: stake,
 * locked collateral (the registry reads it from the market), unbonding and reputation. Reading
 * the chain instead of replaying each lock and unlock keeps `locked`/`free` exact whatever path
 * moved them (assignments, verifications, slashes). Creates the row on the node's first event.
 */
export async function syncExecutor(context: Context, node: `0x${string}`, timestamp: bigint) {
  const registry = context.contracts.NodeRegistry
  const state = await context.client.readContract({
    abi: registry.abi,
    address: registry.address as `0x${string}`,
    functionName: 'getNode',
    args: [node],
  })
  const caps = state.capabilities
  const registered = state.registered
  const fields = {
    registered,
    registeredAt: registered ? BigInt(state.registeredAt) : null,
    computeUnitsPerSecond: registered ? BigInt(caps.computeUnitsPerSecond) : null,
    accelerator: registered ? marketEnums.name('accelerator', caps.accelerator) : null,
    backend: registered ? marketEnums.name('backend', caps.backend) : null,
    memoryMiB: registered ? Number(caps.memoryMiB) : null,
    bandwidthMbps: registered ? Number(caps.bandwidthMbps) : null,
    storageGiB: registered ? Number(caps.storageGiB) : null,
    metadataCid: registered ? state.metadataCid : null,
    stake: state.stake,
    locked: state.locked,
    // The registry never reports locked above stake; clamp anyway so a row can never go negative.
    free: state.stake > state.locked ? state.stake - state.locked : 0n,
    unbonding: state.unbonding,
    unbondingReadyAt: state.unbonding > 0n ? BigInt(state.unbondingReadyAt) : null,
    tasksCompleted: BigInt(state.reputation.tasksCompleted),
    tasksFailed: BigInt(state.reputation.tasksFailed),
    timesSlashed: BigInt(state.reputation.timesSlashed),
    amountSlashed: state.reputation.amountSlashed,
    updatedAt: timestamp,
  }
  return context.db
    .insert(executor)
    .values({
      address: node,
      ...fields,
      totalStaked: 0n,
      totalUnbonded: 0n,
      earnings: 0n,
      assignmentCount: 0,
      activeAssignments: 0,
      askPriceTick: null,
      askCapacity: null,
    })
    .onConflictDoUpdate(fields)
}
