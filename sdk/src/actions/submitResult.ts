import type { Account, Address, Client, Hash, Hex } from 'viem'
import { simulateAndWrite } from './simulateAndWrite'

export type SubmitResultParameters = {
  assignmentId: bigint
  /** Merkle root over the assignment's shard hashes (see merkleRoot). */
  root: Hex
  /** CID of the directory holding the assignment's shards. */
  resultCid: string
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * OPTIMISTIC: submits an assignment's result; it becomes final after the job's challenge window. Simulated first, so a revert surfaces decoded before anything is signed; returns
 * without waiting for the receipt.
 */
export async function submitResult(client: Client, params: SubmitResultParameters): Promise<Hash> {
  const { hash } = await simulateAndWrite(client, params, {
    contract: 'JobMarket',
    functionName: 'submitResult',
    args: [params.assignmentId, params.root, params.resultCid],
  })
  return hash
}
