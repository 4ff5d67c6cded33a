import type { Account, Address, Client, Hash, Hex } from 'viem'
import { simulateContract, writeContract } from 'viem/actions'
import { getContract } from '../getContract'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'

export type SubmitResultParameters = {
  assignmentId: bigint
  /** Merkle root over the assignment's shard hashes (see merkleRoot). */
  root: Hex
  /** CID of the directory holding the assignment's shards. */
  resultCid: string
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * OPTIMISTIC: submits an assignment's result; it becomes final after the job's challenge window. Simulated first, so a revert surfaces decoded before anything is signed; returns
 * without waiting for the receipt.
 */
export async function submitResult(client: Client, params: SubmitResultParameters): Promise<Hash> {
  const contract = getContract(await resolveChainId(client, params.chainId), 'JobMarket')
  const { request } = await simulateContract(client, {
    address: contract.address,
    abi: contract.abi,
    functionName: 'submitResult',
    args: [params.assignmentId, params.root, params.resultCid],
    account: resolveAccount(client, params.account, 'submitResult'),
    chain: client.chain,
  })
  return writeContract(client, request)
}
