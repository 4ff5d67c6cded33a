import type { Account, Address, Client, Hash, Hex } from 'viem'
import { simulateContract, writeContract } from 'viem/actions'
import { getContract } from '../getContract'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'

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
  const contract = getContract(await resolveChainId(client, params.chainId), 'JobMarket')
  const { request } = await simulateContract(client, {
    address: contract.address,
    abi: contract.abi,
    functionName: 'commitResult',
    args: [params.assignmentId, params.commitment],
    account: resolveAccount(client, params.account, 'commitResult'),
    chain: client.chain,
  })
  return writeContract(client, request)
}
