import type { Account, Address, Client, Hash } from 'viem'
import { simulateAndWrite } from './simulateAndWrite'

export type SettleParameters = {
  /** Assignments to pay; those not final yet are skipped. */
  assignmentIds: readonly bigint[]
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

export type SettleReturnType = {
  hash: Hash
  /** How many were paid, as simulated. */
  settled: bigint
}

/**
 * Pays every final assignment of a batch (permissionless; a batch never fails on a race). Simulated first, so a revert surfaces decoded before anything is signed; returns
 * without waiting for the receipt.
 */
export async function settle(client: Client, params: SettleParameters): Promise<SettleReturnType> {
  const { hash, result } = await simulateAndWrite(client, params, {
    contract: 'JobMarket',
    functionName: 'settle',
    args: [params.assignmentIds],
  })
  return { hash, settled: result }
}
