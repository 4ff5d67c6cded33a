import type { Account, Address, Client, Hash } from 'viem'
import { simulateAndWrite } from './simulateAndWrite'

export type DeclineAssignmentParameters = {
  assignmentId: bigint
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * The executor hands back an assignment it cannot do (its generator fails on this node), until its
 * deadline: free within half of one task's time after it was assigned (`declineFreeUntil`), later
 * at a share of its collateral that grows to half of it at the deadline. Its tasks go back to the
 * book (a replica's group goes on without it), its ask leaves the book (it re-asks to get work
 * again) and it is never matched to that job again. Simulated first, so a revert
 * (`DeclineWindowClosed`, `NotAssignee`, ...) surfaces decoded before anything is signed; returns
 * without waiting for the receipt.
 */
export async function declineAssignment(client: Client, params: DeclineAssignmentParameters): Promise<Hash> {
  const { hash } = await simulateAndWrite(client, params, {
    contract: 'JobMarket',
    functionName: 'declineAssignment',
    args: [params.assignmentId],
  })
  return hash
}
