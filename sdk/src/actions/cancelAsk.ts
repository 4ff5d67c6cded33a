import type { Account, Address, Client, Hash } from 'viem'
import { type JobKindName, jobKind } from './jobKind'
import { simulateAndWrite } from './simulateAndWrite'

export type CancelAskParameters = {
  /** Job kind whose ask to remove. */
  kind: JobKindName
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * Removes the executor's ask for a kind; assignments in flight are unaffected. Simulated first, so a revert surfaces decoded before anything is signed; returns
 * without waiting for the receipt.
 */
export async function cancelAsk(client: Client, params: CancelAskParameters): Promise<Hash> {
  const { hash } = await simulateAndWrite(client, params, {
    contract: 'JobMarket',
    functionName: 'cancelAsk',
    args: [jobKind(params.kind)],
  })
  return hash
}
