import type { Account, Address, Client, Hash } from 'viem'
import { DEFAULT_MAX_ASSIGNMENTS, type JobKindName, jobKind } from './jobKind'
import { simulateAndWrite } from './simulateAndWrite'

export type PlaceAskParameters = {
  /** Job kind the ask serves (only 'GENERATE' is open). */
  kind: JobKindName
  /** Price per compute unit in ticks of PRICE_TICK (1e9 wei NTK); uint24. */
  priceTick: number
  /** Tasks the executor runs at once. */
  capacity: number
  /** Most assignments the call creates from resting bids (default 16). */
  maxAssignments?: bigint
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * Places or replaces the executor's ask for a kind and takes resting bids it can serve. Needs a registered node with free stake >= capacity x the kind's minimum collateral (AskUnderCollateralized otherwise). Simulated first, so a revert surfaces decoded before anything is signed; returns
 * without waiting for the receipt.
 */
export async function placeAsk(client: Client, params: PlaceAskParameters): Promise<Hash> {
  const { hash } = await simulateAndWrite(client, params, {
    contract: 'JobMarket',
    functionName: 'placeAsk',
    args: [jobKind(params.kind), params.priceTick, params.capacity, params.maxAssignments ?? DEFAULT_MAX_ASSIGNMENTS],
  })
  return hash
}
