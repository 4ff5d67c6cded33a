import type { Account, Address, Client, Hash, Hex } from 'viem'
import { simulateContract, writeContract } from 'viem/actions'
import { getContract } from '../getContract'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'

export type CommitVerificationParameters = {
  challengeId: bigint
  /** verificationCommitment(shardHash, verifier, salt). */
  commitment: Hex
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * A staked executor commits to its recomputation of a challenged task (locks collateralPerTask of its stake). Simulated first, so a revert surfaces decoded before anything is signed; returns
 * without waiting for the receipt.
 */
export async function commitVerification(client: Client, params: CommitVerificationParameters): Promise<Hash> {
  const contract = getContract(await resolveChainId(client, params.chainId), 'JobMarket')
  const { request } = await simulateContract(client, {
    address: contract.address,
    abi: contract.abi,
    functionName: 'commitVerification',
    args: [params.challengeId, params.commitment],
    account: resolveAccount(client, params.account, 'commitVerification'),
    chain: client.chain,
  })
  return writeContract(client, request)
}
