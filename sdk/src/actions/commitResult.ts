import type { Account, Address, Client, Hash, Hex } from 'viem'
import { simulateAndWrite } from './simulateAndWrite'

export type CommitResultParameters = {
  assignmentId: bigint
  /** resultCommitment(root, executor, salt). */
  commitment: Hex
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * REPLICATED: commits to an assignment's result without showing it. Simulated first, so a revert surfaces decoded before anything is signed; returns
 * without waiting for the receipt.
 */
export async function commitResult(client: Client, params: CommitResultParameters): Promise<Hash> {
  const { hash } = await simulateAndWrite(client, params, {
    contract: 'JobMarket',
    functionName: 'commitResult',
    args: [params.assignmentId, params.commitment],
  })
  return hash
}
