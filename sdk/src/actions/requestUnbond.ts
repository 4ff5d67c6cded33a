import type { Account, Address, Client, Hash } from 'viem'
import { simulateAndWrite } from './simulateAndWrite'

export type RequestUnbondParameters = {
  /** Free stake (wei NTK) to start unbonding. */
  amount: bigint
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * Moves free stake to unbonding; withdrawUnbonded returns it after the registry's unbonding delay. Simulated first, so a revert surfaces decoded before anything is signed; returns
 * without waiting for the receipt.
 */
export async function requestUnbond(client: Client, params: RequestUnbondParameters): Promise<Hash> {
  const { hash } = await simulateAndWrite(client, params, {
    contract: 'NodeRegistry',
    functionName: 'requestUnbond',
    args: [params.amount],
  })
  return hash
}
