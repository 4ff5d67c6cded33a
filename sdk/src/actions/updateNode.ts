import type { Client, Hash } from 'viem'
import type { RegisterParameters } from './register'
import { simulateAndWrite } from './simulateAndWrite'

/** A registered node's new capabilities and metadata CID (the same fields as {@link RegisterParameters}). */
export type UpdateNodeParameters = RegisterParameters

/**
 * Replaces a registered node's capabilities and metadata CID (`neuro-executor register` on a node
 * that is registered already). Simulated first, so a revert surfaces decoded before anything is
 * signed; returns without waiting for the receipt.
 */
export async function updateNode(client: Client, params: UpdateNodeParameters): Promise<Hash> {
  const { hash } = await simulateAndWrite(client, params, {
    contract: 'NodeRegistry',
    functionName: 'updateNode',
    args: [params.capabilities, params.metadataCid],
  })
  return hash
}
