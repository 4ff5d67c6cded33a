import type { Account, Address, Client, Hash } from 'viem'
import { simulateContract, writeContract } from 'viem/actions'
import { getContract } from '../getContract'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'

export type FinalizeJobParameters = {
  jobId: bigint
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * Makes a job terminal once nothing is in flight and it is done, cancelled or expired, refunding what is left. Simulated first, so a revert surfaces decoded before anything is signed; returns
 * without waiting for the receipt.
 */
export async function finalizeJob(client: Client, params: FinalizeJobParameters): Promise<Hash> {
  const contract = getContract(await resolveChainId(client, params.chainId), 'JobMarket')
  const { request } = await simulateContract(client, {
    address: contract.address,
    abi: contract.abi,
    functionName: 'finalizeJob',
    args: [params.jobId],
    account: resolveAccount(client, params.account, 'finalizeJob'),
    chain: client.chain,
  })
  return writeContract(client, request)
}
