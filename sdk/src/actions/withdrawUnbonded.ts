import type { Account, Address, Client, Hash } from 'viem'
import { simulateAndWrite } from './simulateAndWrite'

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
  const { hash, result } = await simulateAndWrite(client, params, { contract: 'NodeRegistry', functionName: 'withdrawUnbonded' })
  return { hash, amount: result }
}
