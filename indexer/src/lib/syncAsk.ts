import type { Context } from 'ponder:registry'
import { ask, executor } from 'ponder:schema'
import { marketEnums } from '@neuromation/sdk'

/**
 * Brings `node`'s ask for `kind` in line with JobMarket.getAsk at the event's block: whether it is
 * in the book and how many of its tasks are in flight (assignments change that without an ask
 * event). The executor row mirrors its GENERATE ask for the leaderboard.
 */
export async function syncAsk(context: Context, node: `0x${string}`, kindIndex: number, timestamp: bigint) {
  const kind = marketEnums.name('jobKind', kindIndex)
  const row = await context.db.find(ask, { executor: node, kind })
  if (!row) return
  const market = context.contracts.JobMarket
  const state = await context.client.readContract({
    abi: market.abi,
    address: market.address as `0x${string}`,
    functionName: 'getAsk',
    args: [node, kindIndex],
  })
  await context.db.update(ask, { executor: node, kind }).set({
    active: state.active,
    inFlight: Number(state.inFlight),
    // An ask a walk took out full rejoins the back of its level when its tasks end: the chain
    // moves placedAt then, with no AskPlaced, and the book's order (price, placedAt) follows it.
    placedAt: state.placedAt,
    updatedAt: timestamp,
  })
  if (kind === 'GENERATE') {
    await context.db.update(executor, { address: node }).set({
      askPriceTick: state.active ? Number(state.priceTick) : null,
      askCapacity: state.active ? Number(state.capacity) : null,
    })
  }
}
