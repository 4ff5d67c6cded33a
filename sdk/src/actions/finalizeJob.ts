import type { Account, Address, Client, Hash } from 'viem'
import { simulateAndWrite } from './simulateAndWrite'

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
  const { hash } = await simulateAndWrite(client, params, {
    contract: 'JobMarket',
    functionName: 'finalizeJob',
    args: [params.jobId],
  })
  return hash
}
