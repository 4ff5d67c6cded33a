import type { Account, Address, Client, Hash } from 'viem'
import { simulateAndWrite } from './simulateAndWrite'

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
  const { hash } = await simulateAndWrite(client, params, {
    contract: 'JobMarket',
    functionName: 'resolveGroup',
    args: [params.groupId],
  })
  return hash
}
