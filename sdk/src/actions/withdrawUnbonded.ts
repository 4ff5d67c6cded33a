import type { Account, Address, Client, Hash } from 'viem'
import { simulateContract, writeContract } from 'viem/actions'
import { getContract } from '../getContract'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'

export type WithdrawUnbondedParameters = {
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

export type WithdrawUnbondedReturnType = {
  hash: Hash
  /** NTK returned, as simulated. */
  amount: bigint
}

/**
 * Sends the caller's unbonded stake back once its delay has passed. Simulated first, so a revert surfaces decoded before anything is signed; returns
 * without waiting for the receipt.
 */
export async function withdrawUnbonded(
  client: Client,
  params: WithdrawUnbondedParameters = {},
): Promise<WithdrawUnbondedReturnType> {
  const contract = getContract(await resolveChainId(client, params.chainId), 'NodeRegistry')
  const { request, result } = await simulateContract(client, {
    address: contract.address,
    abi: contract.abi,
    functionName: 'withdrawUnbonded',
    account: resolveAccount(client, params.account, 'withdrawUnbonded'),
    chain: client.chain,
  })
  return { hash: await writeContract(client, request), amount: result }
}
