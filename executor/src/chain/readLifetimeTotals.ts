import type { Address } from 'viem'
import { getContractEvents } from 'viem/actions'
import type { Chain } from './createChain'

/** What an executor has earned, lost and withdrawn since the market was deployed. */
export type LifetimeTotals = {
  /** Payments of settled assignments (commission already taken). */
  earned: bigint
  settledAssignments: number
  /** Collateral lost to challenges, replicated minorities and missed deadlines. */
  slashed: bigint
  slashedAssignments: number
  /** Credits withdrawn from the market (earnings, refunds and rewards alike). */
  withdrawn: bigint
}

/**
 * Sums `executor`'s AssignmentSettled, AssignmentSlashed and Withdrawn events from the market's
 * deployment block to the head, `pageBlocks` blocks per eth_getLogs call (public RPCs cap the
 * range). The chain is the only record that survives a lost data directory, and the market keeps
 * only unwithdrawn credits in storage, so lifetime figures come from its events.
 */
export async function readLifetimeTotals(chain: Chain, executor: Address, pageBlocks: number): Promise<LifetimeTotals> {
  const totals: LifetimeTotals = { earned: 0n, settledAssignments: 0, slashed: 0n, slashedAssignments: 0, withdrawn: 0n }
  const head = await chain.publicClient.getBlockNumber({ cacheTime: 0 })
  const { address, abi } = chain.market
  for (let from = chain.startBlock; from <= head; from += BigInt(pageBlocks)) {
    const range = { fromBlock: from, toBlock: from + BigInt(pageBlocks) - 1n < head ? from + BigInt(pageBlocks) - 1n : head }
    const [settled, slashed, withdrawn] = await Promise.all([
      getContractEvents(chain.publicClient, { address, abi, eventName: 'AssignmentSettled', args: { executor }, ...range }),
      getContractEvents(chain.publicClient, { address, abi, eventName: 'AssignmentSlashed', args: { executor }, ...range }),
      getContractEvents(chain.publicClient, { address, abi, eventName: 'Withdrawn', args: { account: executor }, ...range }),
    ])
    for (const { args } of settled) totals.earned += args.payment ?? 0n
    totals.settledAssignments += settled.length
    for (const { args } of slashed) totals.slashed += args.amount ?? 0n
    totals.slashedAssignments += slashed.length
    for (const { args } of withdrawn) totals.withdrawn += args.amount ?? 0n
  }
  return totals
}
