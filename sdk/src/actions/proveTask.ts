import type { Account, Address, Client, Hash, Hex } from 'viem'
import { simulateAndWrite } from './simulateAndWrite'

export type ProveTaskParameters = {
  challengeId: bigint
  /** sha256 of the challenged task's shard. */
  shardHash: Hex
  /** merkleProof(results, taskIndex - firstTask). */
  proof: readonly Hex[]
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * The challenged executor shows the task's shard hash and its Merkle proof. Simulated first, so a revert surfaces decoded before anything is signed; returns
 * without waiting for the receipt.
 */
export async function proveTask(client: Client, params: ProveTaskParameters): Promise<Hash> {
  const { hash } = await simulateAndWrite(client, params, {
    contract: 'JobMarket',
    functionName: 'proveTask',
    args: [params.challengeId, params.shardHash, params.proof],
  })
  return hash
}
