import type { Account, Address, Client, Hash, Hex } from 'viem'
import { simulateAndWrite } from './simulateAndWrite'

export type RevealVerificationParameters = {
  challengeId: bigint
  shardHash: Hex
  /** deriveSalt(secret, chainId, market, 'verify', challengeId). */
  salt: Hex
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * A seated verifier reveals the shard hash it committed to (after the commit deadline; with more
 * candidates than seats only once drawVerifiers has seated them). Simulated first, so a revert
 * surfaces decoded before anything is signed; returns without waiting for the receipt.
 */
export async function revealVerification(client: Client, params: RevealVerificationParameters): Promise<Hash> {
  const { hash } = await simulateAndWrite(client, params, {
    contract: 'JobMarket',
    functionName: 'revealVerification',
    args: [params.challengeId, params.shardHash, params.salt],
  })
  return hash
}
