import type { Account, Address, Client, Hash, Hex } from 'viem'
import { simulateAndWrite } from './simulateAndWrite'

export type RevealResultParameters = {
  assignmentId: bigint
  root: Hex
  resultCid: string
  /** The salt the commitment used (deriveSalt(secret, chainId, market, 'result', assignmentId)). */
  salt: Hex
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * REPLICATED: reveals the committed root with its salt and the result CID. Simulated first, so a revert surfaces decoded before anything is signed; returns
 * without waiting for the receipt.
 */
export async function revealResult(client: Client, params: RevealResultParameters): Promise<Hash> {
  const { hash } = await simulateAndWrite(client, params, {
    contract: 'JobMarket',
    functionName: 'revealResult',
    args: [params.assignmentId, params.root, params.resultCid, params.salt],
  })
  return hash
}
