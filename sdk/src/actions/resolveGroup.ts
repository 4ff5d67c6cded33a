import type { Account, Address, Client, Hash } from 'viem'
import { simulateContract, writeContract } from 'viem/actions'
import { getContract } from '../getContract'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'

export type ResolveGroupParameters = {
  groupId: bigint
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * REPLICATED: decides a range once all revealed or its reveal deadline passed. Simulated first, so a revert surfaces decoded before anything is signed; returns
 * without waiting for the receipt.
 */
export async function resolveGroup(client: Client, params: ResolveGroupParameters): Promise<Hash> {
  const contract = getContract(await resolveChainId(client, params.chainId), 'JobMarket')
  const { request } = await simulateContract(client, {
    address: contract.address,
    abi: contract.abi,
    functionName: 'resolveGroup',
    args: [params.groupId],
    account: resolveAccount(client, params.account, 'resolveGroup'),
    chain: client.chain,
  })
  return writeContract(client, request)
}
