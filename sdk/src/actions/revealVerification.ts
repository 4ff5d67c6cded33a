import type { Account, Address, Client, Hash, Hex } from 'viem'
import { simulateContract, writeContract } from 'viem/actions'
import { getContract } from '../getContract'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'

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
 * A verifier reveals the shard hash it committed to. Simulated first, so a revert surfaces decoded before anything is signed; returns
 * without waiting for the receipt.
 */
export async function revealVerification(client: Client, params: RevealVerificationParameters): Promise<Hash> {
  const contract = getContract(await resolveChainId(client, params.chainId), 'JobMarket')
  const { request } = await simulateContract(client, {
    address: contract.address,
    abi: contract.abi,
    functionName: 'revealVerification',
    args: [params.challengeId, params.shardHash, params.salt],
    account: resolveAccount(client, params.account, 'revealVerification'),
    chain: client.chain,
  })
  return writeContract(client, request)
}
