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
 * call in a later block draws the seats by stake (DrawNotReady in the seed block itself), with
 * half again its gas estimate (the seats depend on the block it lands in). Simulated
 * first, in the pending block (where the transaction lands: the latest block may be the seed block),
 * so a revert surfaces decoded before anything is signed; returns without waiting for the receipt.
 */
export async function drawVerifiers(client: Client, params: DrawVerifiersParameters): Promise<Hash> {
  const { hash } = await simulateAndWrite(client, params, {
    contract: 'JobMarket',
    functionName: 'drawVerifiers',
    args: [params.challengeId],
    blockTag: 'pending',
    // The seats, and so the storage the draw touches, follow the prevrandao of the block it lands
    // in, which no simulation knows: an estimate made for other seats can fall short.
    gasHeadroom: 1.5,
  })
  return hash
}
