import type { Account, Address, Client, Hash, Hex } from 'viem'
import { simulateAndWrite } from './simulateAndWrite'

export type CommitVerificationParameters = {
  challengeId: bigint
  /** verificationCommitment(shardHash, verifier, salt). */
  commitment: Hex
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * A staked executor commits to its recomputation of a challenged task as a candidate for a verifier
 * seat, until the commit deadline (locks collateralPerTask of its stake, released if the draw does
 * not seat it; a full candidate list takes it only in place of a candidate with less stake:
 * VerifierCandidatesFull). Simulated first, so a revert surfaces decoded before anything is
 * signed; returns without waiting for the receipt.
 */
export async function commitVerification(client: Client, params: CommitVerificationParameters): Promise<Hash> {
  const { hash } = await simulateAndWrite(client, params, {
    contract: 'JobMarket',
    functionName: 'commitVerification',
    args: [params.challengeId, params.commitment],
  })
  return hash
}
