import type { Account, Address, Client, Hash } from 'viem'
import { simulateAndWrite } from './simulateAndWrite'

export type ReclaimParameters = {
  assignmentId: bigint
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * Ends an optimistic assignment past its deadline without a result: its collateral goes to the
 * market's fees (treasury and burn vault), its tasks back to the book. Simulated first, so a revert
 * surfaces decoded before anything is signed; returns without waiting for the receipt.
 */
export async function reclaim(client: Client, params: ReclaimParameters): Promise<Hash> {
  const { hash } = await simulateAndWrite(client, params, {
    contract: 'JobMarket',
    functionName: 'reclaim',
    args: [params.assignmentId],
  })
  return hash
}
