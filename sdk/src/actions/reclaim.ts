import type { Account, Address, Client, Hash } from 'viem'
import { simulateContract, writeContract } from 'viem/actions'
import { getContract } from '../getContract'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'

export type ReclaimParameters = {
  assignmentId: bigint
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * Ends an assignment past its deadline without a result: its collateral goes to the requester, its tasks back to the book. Simulated first, so a revert surfaces decoded before anything is signed; returns
 * without waiting for the receipt.
 */
export async function reclaim(client: Client, params: ReclaimParameters): Promise<Hash> {
  const contract = getContract(await resolveChainId(client, params.chainId), 'JobMarket')
  const { request } = await simulateContract(client, {
    address: contract.address,
    abi: contract.abi,
    functionName: 'reclaim',
    args: [params.assignmentId],
    account: resolveAccount(client, params.account, 'reclaim'),
    chain: client.chain,
  })
  return writeContract(client, request)
}
