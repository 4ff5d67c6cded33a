import type { Account, Address, Client, Hash } from 'viem'
import { simulateContract, writeContract } from 'viem/actions'
import { getContract } from '../getContract'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'

export type WithdrawParameters = {
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

export type WithdrawReturnType = {
  hash: Hash
  /** NTK withdrawn, as simulated. */
  amount: bigint
}

/**
 * Sends the caller's market credits (earnings, refunds, rewards) to the caller. Simulated first, so a revert surfaces decoded before anything is signed; returns
 * without waiting for the receipt.
 */
export async function withdraw(client: Client, params: WithdrawParameters = {}): Promise<WithdrawReturnType> {
  const contract = getContract(await resolveChainId(client, params.chainId), 'JobMarket')
  const { request, result } = await simulateContract(client, {
    address: contract.address,
    abi: contract.abi,
    functionName: 'withdraw',
    account: resolveAccount(client, params.account, 'withdraw'),
    chain: client.chain,
  })
  return { hash: await writeContract(client, request), amount: result }
}
