import type { Account, Address, Client, Hash } from 'viem'
import { simulateAndWrite } from './simulateAndWrite'

export type MatchJobParameters = {
  jobId: bigint
  /** At most this many assignments are created (1 to the market's MAX_ASSIGNMENTS). */
  maxAssignments: bigint
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * Matches a resting job against its kind's ask book, cheapest asks first, creating at most
 * `maxAssignments` assignments; anyone may call. A new ask takes resting bids by itself but visits
 * a bounded number of them, so this is how a job resting behind bids nobody can serve gets taken.
 * Simulated first, so a revert (unknown job, bound out of range) surfaces decoded before anything
 * is signed; returns without waiting for the receipt.
 */
export async function matchJob(client: Client, params: MatchJobParameters): Promise<Hash> {
  const { hash } = await simulateAndWrite(client, params, {
    contract: 'JobMarket',
    functionName: 'matchJob',
    args: [params.jobId, params.maxAssignments],
  })
  return hash
}
