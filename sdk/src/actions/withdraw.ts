import type { Client, Hash } from 'viem'
import { simulateAndWrite, type WriteTarget } from './simulateAndWrite'

export type WithdrawParameters = WriteTarget

export type WithdrawReturnType = {
  hash: Hash
  /** NTK withdrawn, as simulated. */
  amount: bigint
}

/**
 * Sends the caller's market credits (earnings, refunds, rewards) to the caller. Simulated first,
 * so a revert surfaces decoded before anything is signed; returns without waiting for the receipt.
 */
export async function withdraw(client: Client, params: WithdrawParameters = {}): Promise<WithdrawReturnType> {
  const { hash, result } = await simulateAndWrite(client, params, { contract: 'JobMarket', functionName: 'withdraw' })
  return { hash, amount: result }
}
