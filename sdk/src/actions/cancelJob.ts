import type { Account, Address, Client, Hash } from 'viem'
import { simulateAndWrite } from './simulateAndWrite'

export type CancelJobParameters = {
  jobId: bigint
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * The requester stops its job from getting new assignments (its resting bid leaves the book);
 * assignments already made run to their end and are paid. Once nothing is in flight,
 * {@link finalizeJob} credits the rest of the escrow back. Simulated first, so a revert (not the
 * requester, job not open) surfaces decoded before anything is signed; returns without waiting
 * for the receipt.
 */
export async function cancelJob(client: Client, params: CancelJobParameters): Promise<Hash> {
  const { hash } = await simulateAndWrite(client, params, {
    contract: 'JobMarket',
    functionName: 'cancelJob',
    args: [params.jobId],
  })
  return hash
}
