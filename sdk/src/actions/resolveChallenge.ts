import type { Account, Address, Client, Hash } from 'viem'
import { simulateAndWrite } from './simulateAndWrite'

export type ResolveChallengeParameters = {
  challengeId: bigint
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * Decides a challenge once its windows have passed or all verifiers revealed. Simulated first, so a revert surfaces decoded before anything is signed; returns
 * without waiting for the receipt.
 */
export async function resolveChallenge(client: Client, params: ResolveChallengeParameters): Promise<Hash> {
  const { hash } = await simulateAndWrite(client, params, {
    contract: 'JobMarket',
    functionName: 'resolveChallenge',
    args: [params.challengeId],
  })
  return hash
}
