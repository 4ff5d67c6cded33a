import type { Account, Address, Client, Hash, Hex } from 'viem'
import { simulateContract, writeContract } from 'viem/actions'
import { getContract } from '../getContract'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'

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
  const contract = getContract(await resolveChainId(client, params.chainId), 'JobMarket')
  const { request } = await simulateContract(client, {
    address: contract.address,
    abi: contract.abi,
    functionName: 'proveTask',
    args: [params.challengeId, params.shardHash, params.proof],
    account: resolveAccount(client, params.account, 'proveTask'),
    chain: client.chain,
  })
  return writeContract(client, request)
}
