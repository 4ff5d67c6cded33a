import type { Account, Address, Client, Hash } from 'viem'
import { simulateAndWrite } from './simulateAndWrite'

export type DrawVerifiersParameters = {
  challengeId: bigint
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * Seats a challenge's verifiers once its commit deadline has passed (anyone may call). Up to
 * VERIFIERS candidates are seated at once; with more, the first call fixes the seed block and a
 * call in a later block draws the seats by stake (DrawNotReady in the seed block itself). Simulated
 * first, in the pending block (where the transaction lands: the latest block may be the seed block),
 * so a revert surfaces decoded before anything is signed; returns without waiting for the receipt.
 */
export async function drawVerifiers(client: Client, params: DrawVerifiersParameters): Promise<Hash> {
  const { hash } = await simulateAndWrite(client, params, {
    contract: 'JobMarket',
    functionName: 'drawVerifiers',
    args: [params.challengeId],
    blockTag: 'pending',
  })
  return hash
}
