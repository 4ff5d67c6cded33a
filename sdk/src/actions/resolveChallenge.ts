import type { Account, Address, Client, Hash } from 'viem'
import { simulateContract, writeContract } from 'viem/actions'
import { getContract } from '../getContract'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'

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
  const contract = getContract(await resolveChainId(client, params.chainId), 'JobMarket')
  const { request } = await simulateContract(client, {
    address: contract.address,
    abi: contract.abi,
    functionName: 'resolveChallenge',
    args: [params.challengeId],
    account: resolveAccount(client, params.account, 'resolveChallenge'),
    chain: client.chain,
  })
  return writeContract(client, request)
}
